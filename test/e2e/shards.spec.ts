import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { requireBuild, runCli } from './cli-helpers.js';

interface JsonCell {
  readonly variant: string;
  readonly memoryModel?: string;
  readonly invariant: string;
  readonly verdict: string;
  readonly traceLength?: number;
}

const verdicts = (stdout: string): Record<string, string> =>
  Object.fromEntries((JSON.parse(stdout) as { results: JsonCell[] }).results.map((c) => [`${c.variant}/${c.memoryModel ?? ''}/${c.invariant}`, `${c.verdict}${c.traceLength === undefined ? '' : ` ${c.traceLength}`}`]));

/** Runs N shards of `args` as separate processes and merges their files. */
async function shardsMerged(args: readonly string[], n: number, files: readonly number[] = [...Array(n).keys()]): Promise<{ status: number | null; stdout: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'audit-check-shards-'));
  const runs = await Promise.all(
    [...Array(n).keys()].map((k) => runCli([...args, '--quiet', '--shard', `${k}/${n}`, '--shard-file', join(dir, `s${k}.json`)])),
  );
  for (const r of runs) expect(r.stderr).toBe('');
  return runCli(['merge', ...files.map((k) => join(dir, `s${k}.json`)), '--format', 'json']);
}

describe('--shard K/N and merge', () => {
  beforeAll(requireBuild);

  it('N shard processes merged give the verdicts and trace lengths of one run (N = 1, 2, 5)', { timeout: 300_000 }, async () => {
    const args = ['check', '--variant', 'proposed', '--format', 'json'];
    const one = await runCli([...args, '--quiet']);
    for (const n of [1, 2, 5]) {
      const merged = await shardsMerged(args, n);
      expect(merged.status, `${n} shards`).toBe(one.status);
      expect(verdicts(merged.stdout), `${n} shards`).toEqual(verdicts(one.stdout));
      // Every merged result carries its search's whole configuration, as a one-process run's does.
      const configs = (s: string) => (JSON.parse(s) as { results: { configuration?: Record<string, string> }[] }).results.map((c) => c.configuration?.['variant']);
      expect(configs(merged.stdout), `${n} shards`).toEqual(configs(one.stdout));
      expect(configs(merged.stdout).every((v) => v === 'proposed')).toBe(true);
    }
  });

  it('the matrix in 2 shards merges to the matrix', { timeout: 300_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-check-matrix-'));
    // Children make no syscalls: under test is the split and the merge, at a third of the cost.
    const matrix = ['--format', 'json', '--memory-model', 'sc', '--child-syscalls', '0'];
    const one = await runCli([...matrix, '--quiet', '--out', join(dir, 'one')]);
    const merged = await shardsMerged([...matrix, '--out', join(dir, 'cx')], 2);
    expect(verdicts(merged.stdout)).toEqual(verdicts(one.stdout));
  });

  it('shards run with different --jobs (machines with other core counts) still merge', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-check-jobs-'));
    const args = ['check', '--variant', 'proposed', '--tasks', '1', '--forks', '0', '--quiet'];
    for (const [k, jobs] of [[0, '1'], [1, '3']] as const) {
      expect((await runCli([...args, '--jobs', jobs, '--shard', `${k}/2`, '--shard-file', join(dir, `s${k}.json`)])).stderr).toBe('');
    }
    const one = await runCli(args);
    const merged = await runCli(['merge', join(dir, 's0.json'), join(dir, 's1.json')]);
    expect(merged.stderr).toBe('');
    // Refused runs exit 2; merged, the shards give one run's exit status (proposed loses a rule: 1).
    expect(merged.status).toBe(one.status);
  });

  it('a missing shard makes the merge incomplete (exit 3 when nothing is violated), never holds', async () => {
    const args = ['check', '--variant', 'proposed-fixed', '--format', 'json'];
    const merged = await shardsMerged(args, 3, [0, 2]);
    expect(merged.status).toBe(3);
    expect(Object.values(verdicts(merged.stdout)).every((v) => v === 'incomplete')).toBe(true);
  });

  it('refuses an existing shard file, a bad K/N, and shard files of different runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-check-bad-'));
    const file = join(dir, 's0.json');
    expect((await runCli(['check', '--variant', 'legacy', '--invariant', 'no-entry-bug', '--quiet', '--shard', '0/2', '--shard-file', file])).status).toBe(0);
    const again = await runCli(['check', '--variant', 'legacy', '--shard', '0/2', '--shard-file', file]);
    expect([again.status, again.stderr.trim()]).toEqual([
      2,
      `audit-check: --shard-file ${file} exists; a shard never overwrites a file (see audit-check check --help)`,
    ]);
    const bad = await runCli(['--shard', '2/2', '--shard-file', join(dir, 'x.json')]);
    expect(bad.status).toBe(2);
    const other = join(dir, 's1.json');
    await runCli(['check', '--variant', 'legacy', '--tasks', '1', '--quiet', '--shard', '1/2', '--shard-file', other]);
    const mixed = await runCli(['merge', file, other]);
    expect(mixed.status).toBe(2);
    expect(mixed.stderr).toMatch(/other settings/);
  });
});
