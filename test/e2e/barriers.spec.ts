/**
 * `audit-check barriers` end to end, at small bounds: proposed-ordered's two barriers are each
 * necessary under store-reordering and neither under sc or x86-tso; bad input is one line.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { lines, requireBuild, runCli } from './cli-helpers.js';

const SMALL = ['--tasks', '1', '--forks', '0', '--syscalls', '1', '--store-buffer', '4', '--quiet'];

describe('audit-check barriers', () => {
  beforeAll(requireBuild);

  it('proposed-ordered: each barrier is necessary under store-reordering only, with its shortest counterexample', async () => {
    const r = await runCli(['barriers', '--variant', 'proposed-ordered', ...SMALL]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = r.stdout;
    expect(out).toMatch(/with every barrier:\n {2}sc +every invariant holds\n {2}x86-tso +every invariant holds\n {2}store-reordering +every invariant holds\n/);
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
