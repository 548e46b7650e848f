/**
 * `--variant-file`: a user's patch over a built-in variant, loaded from a .ts file at run time. The two
 * examples in examples/ are checked here: the set-only fork fix holds under RCU walks where
 * proposed-fixed loses a rule, and the barrier-without-recheck "fix" is refuted.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lines, requireBuild, runCli } from './cli-helpers.js';

const scratch = mkdtempSync(join(tmpdir(), 'audit-check-variant-file-'));
function file(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

const HELD_LOCK = `export default (k) => ({ name: 'held-lock', summary: 's', base: 'proposed-fixed', steps: {
  copy_process: k.steps.copyProcess(k.steps.allocInherits, (env, p, c) => {
    const step = (name, pc, body) => k.taskStep(env, p, { name, func: 'copy_process', file: 'kernel/fork.c', when: k.at(p, pc), body });
    step('copy_process:attach', k.PC.FORK_ATTACH,
      [k.write_lock(env.fields.tasklistLock.id, 'write_lock_irq'), k.smp_store_release(c.onTasklist.id, 1), k.set(p.pc.id, k.PC.FORK_LATE)]);
    step('copy_process:unlock', k.PC.FORK_LATE, [k.write_unlock(env.fields.tasklistLock.id, 'write_unlock_irq'), ...k.steps.wakeUpNewTask(p, c)]);
  }),
} });
`;

describe('--variant-file', () => {
  beforeAll(requireBuild);

  it('examples/fork-sets-only.ts holds every invariant under RCU walks, where proposed-fixed loses a rule', async () => {
    const own = await runCli(['check', '--variant-file', 'examples/fork-sets-only.ts', '--walk-lock', 'rcu', '--quiet']);
    expect(own.stderr).toBe('');
    expect(own.status).toBe(0);
    expect(own.stdout).toMatch(/fork-sets-only +no-entry-bug +holds/);
    expect(own.stdout).toContain('7 checks: 7 hold, 0 violated');
    const base = await runCli(['check', '--variant', 'proposed-fixed', '--walk-lock', 'rcu', '--invariant', 'rule-coverage', '--quiet']);
    expect(base.status).toBe(1);
  });

  it('examples/exit-mb-no-recheck.ts is refuted with a trace through its own steps (exit 1)', async () => {
    const r = await runCli(['check', '--variant-file', 'examples/exit-mb-no-recheck.ts', '--invariant', 'rule-coverage', '--quiet']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('audit-check: exit-mb-no-recheck violates rule-coverage');
    expect(r.stdout).toContain('clear_thread_flag');
  });

  it("examples/walk-after-unlock.ts: the walk's place relative to audit_filter_mutex does not matter, the barrier does", async () => {
    const small = ['--tasks', '1', '--forks', '0', '--syscalls', '1', '--store-buffer', '4', '--invariant', 'rule-coverage', '--quiet'];
    const run = (inc: string, mm: string) =>
      runCli(['check', '--variant-file', 'examples/walk-after-unlock.ts', '--memory-model', mm, '--inc-barrier', inc, ...small]);
    const [bare, ordered, sc] = await Promise.all([run('none', 'store-reordering'), run('smp_wmb', 'store-reordering'), run('none', 'sc')]);
    expect(bare.stdout).toMatch(/rule-coverage +violated/);
    expect(bare.status).toBe(1);
    expect(ordered.status).toBe(0);
    expect(sc.status).toBe(0);
  });

  it('examples/fork-sets-only.ts also holds with the default tasklist_lock walks (one step from attach to unlock there)', async () => {
    const r = await runCli(['check', '--variant-file', 'examples/fork-sets-only.ts', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/fork-sets-only +no-entry-bug +holds/);
  });

  it('a variant file runs on worker threads too (--workers 2, --jobs 2): each loads the file itself, same output', async () => {
    // Before, a worker knew only the built-in variants: exit 4, "worker: unknown variant".
    const args = ['check', '--variant-file', 'examples/exit-mb-no-recheck.ts', '--invariant', 'rule-coverage', '--quiet'];
    const untimed = (s: string) => s.replace(/\d+\.\d+( s)?\b/g, 'T');
    const [one, two] = await Promise.all([runCli(args), runCli([...args, '--workers', '2'])]);
    expect(two.stderr).toBe('');
    expect(two.status).toBe(1);
    expect(untimed(two.stdout)).toBe(untimed(one.stdout));
    const matrix = ['--variant-file', 'examples/exit-mb-no-recheck.ts', '--memory-model', 'sc', '--tasks', '1', '--format', 'json', '--quiet'];
    const cells = (s: string) => (JSON.parse(s) as { results: { seconds?: number }[] }).results.map(({ seconds: _s, ...rest }) => rest);
    const [j1, j2] = await Promise.all([1, 2].map((j) => runCli([...matrix, '--jobs', String(j), '--out', join(scratch, `jobs-${j}`)])));
    expect(j2!.stderr).toBe('');
    expect(JSON.stringify(cells(j2!.stdout)).replaceAll('jobs-2', 'jobs-N')).toBe(JSON.stringify(cells(j1!.stdout)).replaceAll('jobs-1', 'jobs-N'));
  });

  it('the matrix takes a variant file as one more row', async () => {
    const out = join(scratch, 'out');
    const r = await runCli(['--variant-file', 'examples/exit-mb-no-recheck.ts', '--memory-model', 'sc', '--format', 'json', '--quiet', '--out', out]);
    expect(r.status).toBe(0);
    const results = (JSON.parse(r.stdout) as { results: { variant: string; invariant: string; verdict: string }[] }).results;
    expect(results.filter((x) => x.variant === 'exit-mb-no-recheck' && x.invariant === 'rule-coverage').map((x) => x.verdict)).toEqual(['violated']);
  });

  it('a row that cannot run loses no other row: the matrix prints them, the row is not run, then exit 2 naming it', async () => {
    const out = join(scratch, 'held');
    const r = await runCli(['--variant-file', file('held-lock-matrix.ts', HELD_LOCK), '--memory-model', 'sc', '--tasks', '1', '--format', 'json', '--quiet', '--out', out]);
    expect(r.status).toBe(2);
    expect(lines(r.stderr)).toEqual([expect.stringMatching(/^audit-check: held-lock: step 'auditctl: audit_add_rule': acquiring tasklist_lock would wait/)]);
    const results = (JSON.parse(r.stdout) as { results: { variant: string; verdict: string }[] }).results;
    expect(results.filter((x) => x.variant === 'held-lock').every((x) => x.verdict === 'not-run')).toBe(true);
    expect(results.filter((x) => x.variant === 'v2.1').some((x) => x.verdict === 'violated')).toBe(true);
  });

  const BAD: [string, string, RegExp][] = [
    ['missing.ts', '', /no such file/],
    ['shape.ts', 'export default { name: "x", base: "proposed" }', /"summary" must be a non-empty string/],
    ['syntax.ts', 'export default {{', /cannot load it/],
    ['base.ts', 'export default { name: "x", summary: "s", base: "nope" }', /unknown variant 'nope'/],
    ['step.ts', 'export default { name: "x", summary: "s", base: "proposed", steps: { exit_hook: () => {} } }', /step 'exit_hook', which does not exist/],
    ['clash.ts', 'export default { name: "proposed", summary: "s", base: "legacy" }', /already exists/],
    // The attach keeps tasklist_lock across steps; audit_add_rule's walk would have to wait for it mid-step.
    ['held-lock.ts', HELD_LOCK, /step 'auditctl: audit_add_rule': acquiring tasklist_lock would wait inside an atomic step/],
  ];
  for (const [name, text, message] of BAD) {
    it(`refuses ${name} with one line (exit 2)`, async () => {
      const path = name === 'missing.ts' ? join(scratch, name) : file(name, text);
      const r = await runCli(['check', '--variant-file', path, '--quiet']);
      expect(r.status).toBe(2);
      expect(lines(r.stderr)).toEqual([expect.stringMatching(message)]);
    });
  }
});
