/**
 * The weak memory models from the command line: a check under store-reordering prints the same JSON
 * with 1 and 2 workers (verdicts, counts, traces and the bound it hit), and names its model.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { requireBuild, runCli } from './cli-helpers.js';

const ARGS = ['check', '--variant', 'proposed-fixed', '--memory-model', 'store-reordering', '--tasks', '1', '--forks', '0', '--syscalls', '1', '--store-buffer', '4', '--quiet'];

describe('weak memory on the CLI', () => {
  beforeAll(requireBuild);

  it('with --store-buffer 2 every verdict is bounded, and says so the same way for --workers 1 and 2', async () => {
    const args = [...ARGS.map((a) => (a === '4' ? '2' : a)), '--format', 'json'];
    const [one, two] = await Promise.all([1, 2].map((w) => runCli([...args, '--workers', String(w)])));
    const results = (t: string) => (JSON.parse(t) as { results: { bounded?: string[]; seconds: number }[] }).results;
    for (const r of results(one!.stdout)) expect(r.bounded).toEqual([expect.stringContaining('--store-buffer 2')]);
    expect(results(two!.stdout).map(({ seconds: _s, ...x }) => x)).toEqual(results(one!.stdout).map(({ seconds: _s, ...x }) => x));
  });

  it('store-reordering gives the same JSON for --workers 1 and 2', async () => {
    const [one, two] = await Promise.all([1, 2].map((w) => runCli([...ARGS, '--format', 'json', '--workers', String(w)])));
    expect(one!.status).toBe(1);
    const strip = (t: string) => {
      const d = JSON.parse(t) as { results: Record<string, unknown>[] };
      return d.results.map(({ seconds: _s, ...rest }) => rest);
    };
    expect(strip(two!.stdout)).toEqual(strip(one!.stdout));
    const rule = strip(one!.stdout).find((r) => r['invariant'] === 'rule-coverage')!;
    expect(rule['verdict']).toBe('violated');
    expect(rule['memoryModel']).toBe('store-reordering');
  });

  it('the text names the memory model and shows a buffered store becoming visible', async () => {
    const r = await runCli([...ARGS, '--invariant', 'rule-coverage']);
    expect(r.status).toBe(1);
    // The configuration header names the model and the buffer depth (it may wrap between them).
    expect(r.stdout).toMatch(/memory-model=store-reordering\s+store-buffer=4/);
    expect(r.stdout).toMatch(/becomes visible/);
    expect(r.stdout).toMatch(/store buffer: audit_n_rules=1/);
  });
});
