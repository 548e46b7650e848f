import { beforeAll, describe, expect, it } from 'vitest';
import { requireBuild, ROOT, runCli, runCliUntil } from './cli-helpers.js';

interface JsonCell {
  readonly variant: string;
  readonly memoryModel?: string;
  readonly invariant: string;
  readonly verdict: string;
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  readonly traceLength?: number;
  readonly contextSwitches?: number;
  readonly stopped?: string;
}

/** Everything but timings. */
const cells = (stdout: string): unknown =>
  (JSON.parse(stdout) as { results: JsonCell[] }).results.map(({ variant, memoryModel, invariant, verdict, states, transitions, depth, traceLength, contextSwitches, stopped }) => ({
    variant, memoryModel, invariant, verdict, states, transitions, depth, traceLength, contextSwitches, stopped,
  }));

describe('--workers N', () => {
  beforeAll(requireBuild);

  it('the matrix gives the same verdicts, counts and traces with 1, 2 and 4 workers', { timeout: 300_000 }, async () => {
    // One after the other: together they would only fight over the two cores. Children make no
    // syscalls here: what is under test is the parallel search, and 3 × the default matrix is slow.
    const runs = [];
    for (const n of ['1', '2', '4']) {
      runs.push(await runCli(['--quiet', '--format', 'json', '--memory-model', 'sc', '--child-syscalls', '0', '--out', `/tmp/audit-check-workers-${process.pid}-${n}`, '--workers', n]));
    }
    for (const r of runs) expect(r.status).toBe(0);
    expect(cells(runs[1]!.stdout)).toEqual(cells(runs[0]!.stdout));
    expect(cells(runs[2]!.stdout)).toEqual(cells(runs[0]!.stdout));
  });

  it('the matrix on several threads says it has no unreached-step warnings, rather than printing none', async () => {
    const r = await runCli(['--memory-model', 'sc', '--tasks', '1', '--workers', '2', '--quiet', '--out', `/tmp/audit-check-workers-${process.pid}-cov`]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('no unreached-step warnings: --workers 2 does not record which steps fire');
    expect(r.stdout).not.toMatch(/^warning: .* never enabled/m);
  });

  it('a state limit stops at the same state count as one thread, and the text of a check is the same', async () => {
    const args = ['check', '--variant', 'v2.1', '--quiet', '--max-states', '5000'];
    const [one, two] = await Promise.all([runCli(args), runCli([...args, '--workers', '2'])]);
    expect(one.status).toBe(1);
    const untimed = (s: string): string => s.replace(/\d+\.\d+( s)?\b/g, 'T');
    expect(untimed(two.stdout)).toBe(untimed(one.stdout));
  });

  it('Ctrl-C stops a parallel search: incomplete (interrupted), exit 3', async () => {
    const args = ['check', '--variant', 'proposed-fixed', '--tasks', '3', '--no-por', '--max-seconds', '60', '--workers', '2'];
    const r = await runCliUntil(args, ROOT, { stderr: /\d s {2}[\d,]+ states/, signal: 'SIGINT' });
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/\bincomplete\b/);
    expect(r.stdout).toContain('stopped (Ctrl-C)');
    expect(r.stdout).not.toMatch(/ holds$/m);
  });

  it('--max-seconds stops a parallel search: incomplete (max-seconds), exit 3', async () => {
    const r = await runCli(['check', '--variant', 'proposed-fixed', '--tasks', '3', '--no-por', '--max-seconds', '1', '--workers', '2', '--quiet']);
    expect(r.status).toBe(3);
    expect(r.stdout).toContain('stopped (--max-seconds reached)');
  });
});
