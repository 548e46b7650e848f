/**
 * `audit-check barriers` end to end, at small bounds: proposed-ordered's two barriers are each
 * necessary under store-reordering and neither under sc or x86-tso; a lock's ordering is necessary
 * where the code relies on it (examples/count-under-tasklist-lock.ts) and not in copy_process; bad
 * input is one line.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { lines, requireBuild, runCli } from './cli-helpers.js';

const SMALL = ['--tasks', '1', '--forks', '0', '--syscalls', '1', '--store-buffer', '4', '--quiet'];
/** The forker's child is what copy_process's locks are about. */
const WITH_FORK = ['--tasks', '1', '--forks', '1', '--syscalls', '1', '--store-buffer', '4', '--quiet'];

describe('audit-check barriers', () => {
  beforeAll(requireBuild);

  it('proposed-ordered: each barrier is necessary under store-reordering only, with its shortest counterexample', async () => {
    const r = await runCli(['barriers', '--variant', 'proposed-ordered', ...SMALL]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = r.stdout;
    expect(out).toMatch(/with every barrier and lock ordering:\n {2}sc +every invariant holds\n {2}x86-tso +every invariant holds\n {2}store-reordering +every invariant holds\n/);
    for (const site of ['smp_mb__after_atomic after clear_thread_flag', 'smp_wmb before set_tsk_thread_flag']) {
      const block = out.slice(out.indexOf(`without ${site}`)).split('\n\n')[0]!;
      expect(block).toMatch(/ sc +every invariant holds {2}\(not needed here\)/);
      expect(block).toMatch(/ x86-tso +every invariant holds {2}\(not needed here\)/);
      expect(block).toMatch(/ store-reordering +rule-coverage violated \(\d+ steps\) {2}<- necessary/);
      expect(out).toContain(`audit-check: proposed-ordered without ${site} violates rule-coverage`);
    }
    // Each printed counterexample shows a buffered store becoming visible.
    expect(out.match(/becomes visible/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
  });

  it("a lock's ordering: count-under-tasklist-lock needs its write_unlock_irq's release under store-reordering only", async () => {
    const r = await runCli(['barriers', '--variant-file', 'examples/count-under-tasklist-lock.ts', ...SMALL]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = r.stdout;
    expect(out).toMatch(/^audit-check barriers: count-under-tasklist-lock, 1 barrier and \d+ lock sites in its code\n/);
    const site = 'write_unlock_irq(&tasklist_lock) in audit_add_rule';
    const block = out.slice(out.indexOf(`without the ordering of ${site} (kernel/auditfilter.c):`)).split('\n\n')[0]!;
    expect(block).toMatch(/ sc +every invariant holds {2}\(unchanged: a lock orders nothing under sc\)/);
    expect(block).toMatch(/ x86-tso +every invariant holds {2}\(not needed here\)/);
    expect(block).toMatch(/ store-reordering +rule-coverage violated \(\d+ steps\) {2}<- necessary/);
    // The summary table names it beside the barrier, and its shortest counterexample is printed.
    expect(out).toMatch(new RegExp(`\\nordering of ${site.replace(/[()&]/g, '\\$&')} +- +- +rule-coverage \\(\\d+ steps\\)\\n`));
    expect(out).toContain(`audit-check: count-under-tasklist-lock without the ordering of ${site} violates rule-coverage`);
    // The section's acquisition orders nothing the count needs.
    const acquire = out.slice(out.indexOf('without the ordering of write_lock_irq(&tasklist_lock) in audit_add_rule')).split('\n\n')[0]!;
    expect(acquire).toMatch(/ x86-tso +every invariant holds {2}\(not needed here\)/);
    expect(acquire).toMatch(/ store-reordering +every invariant holds.*\(unchanged: an acquisition orders nothing under store-reordering\)/);
  });

  it("proposed-ordered: copy_process's late audit_n_rules read does not depend on the tasklist_lock's ordering", async () => {
    const r = await runCli(['barriers', '--variant', 'proposed-ordered', ...WITH_FORK]);
    expect(r.status).toBe(0);
    for (const site of ['write_lock_irq(&tasklist_lock) in copy_process', 'write_unlock_irq(&tasklist_lock) in copy_process']) {
      const block = r.stdout.slice(r.stdout.indexOf(`without the ordering of ${site} (kernel/fork.c):`)).split('\n\n')[0]!;
      expect(block).toMatch(/ sc +every invariant holds {2}\(unchanged: a lock orders nothing under sc\)/);
      expect(block).toMatch(/ x86-tso +every invariant holds {2}\(not needed here\)/);
      expect(block).toMatch(/ store-reordering +every invariant holds/);
      expect(block).not.toContain('<- necessary');
    }
  });

  it('names the barrier sites when --memory-model is one model, and refuses bad input with one line', async () => {
    const r = await runCli(['barriers', '--variant', 'proposed-fixed', '--memory-model', 'x86-tso', ...SMALL]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('without smp_mb after clear_thread_flag (kernel/auditsc.c):');
    expect(r.stdout).toMatch(/x86-tso +every invariant holds {2}\(not needed here\)/);
    const bad = await runCli(['barriers', '--variant', 'proposed-fixed', '--memory-model', 'lkmm', '--quiet']);
    expect(bad.status).toBe(2);
    expect(lines(bad.stderr)).toEqual([expect.stringContaining('--memory-model "lkmm" is not allowed')]);
  });
});
