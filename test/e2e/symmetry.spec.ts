/**
 * `--symmetry`: what the configuration says, that the verdicts do not change, that a counterexample
 * found under symmetry is a concrete run `replay` accepts, and one-line refusals of what cannot be.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lines, requireBuild, runCli } from './cli-helpers.js';

const SMALL = ['--tasks', '3', '--syscalls', '1', '--rule-ops', '1'];

interface Json {
  readonly configuration: Record<string, string>;
  readonly results: readonly { invariant: string; verdict: string; states: number; traceLength?: number }[];
}

const verdicts = (j: Json) => j.results.map((r) => `${r.invariant}:${r.verdict}:${r.traceLength ?? '-'}`);

describe('--symmetry', () => {
  beforeAll(requireBuild);

  it('auto is on under sc with two interchangeable tasks, turns POR off, and changes no verdict', { timeout: 120_000 }, async () => {
    const auto = await runCli(['check', '--variant', 'v2.1', ...SMALL, '--format', 'json', '--quiet']);
    const off = await runCli(['check', '--variant', 'v2.1', ...SMALL, '--format', 'json', '--quiet', '--symmetry', 'off']);
    const a = JSON.parse(auto.stdout) as Json;
    const o = JSON.parse(off.stdout) as Json;
    expect(a.configuration).toMatchObject({ symmetry: 'on', reduction: 'none' });
    expect(o.configuration).toMatchObject({ symmetry: 'off', reduction: 'por' });
    expect(verdicts(a)).toEqual(verdicts(o));
    expect(verdicts(a).some((v) => v.includes(':violated:'))).toBe(true);
    expect(a.results[0]!.states).toBeLessThan(o.results[0]!.states);
    // At the default bounds T1 is alone: nothing to permute, and the header says so.
    const dflt = await runCli(['check', '--variant', 'legacy', '--invariant', 'no-entry-bug', '--format', 'json', '--quiet']);
    expect((JSON.parse(dflt.stdout) as Json).configuration).toMatchObject({ symmetry: 'off', reduction: 'por' });
  });

  it('a counterexample found under symmetry replays as the concrete run it prints', { timeout: 120_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'audit-check-symmetry-'));
    const run = await runCli(['check', '--variant', 'v2.1', ...SMALL, '--invariant', 'exit-pairing', '--symmetry', 'on', '--out', out, '--quiet']);
    expect(run.status).toBe(1);
    const dir = join(out, readdirSync(out)[0]!);
    const file = readdirSync(dir).find((f) => f.endsWith('.json'))!;
    const replay = await runCli(['replay', join(dir, file)]);
    expect(replay.stderr).toBe('');
    // 0: every state replayed as recorded and the violation is still reached.
    expect(replay.status).toBe(0);
    expect(replay.stdout).toMatch(/violates exit-pairing/);
  });

  const LIVE = ['--tasks', '3', '--syscalls', 'unbounded', '--rule-ops', '1', '--invariant', 'fast-path-restored,exit-pairing'];

  it('auto is off when a liveness property is asked, and the header says so', { timeout: 120_000 }, async () => {
    const r = await runCli(['check', '--variant', 'proposed-fixed', ...LIVE, '--format', 'json', '--quiet']);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as Json;
    expect(j.configuration).toMatchObject({ symmetry: 'off', reduction: 'none' });
    expect(verdicts(j)).toEqual(['fast-path-restored:holds:-', 'exit-pairing:holds:-']);
  });

  it('--split over liveness and safety: the header says the reductions hold except for the liveness searches', { timeout: 60_000 }, async () => {
    const args = ['check', '--variant', 'proposed-fixed', '--syscalls', 'unbounded', '--rule-ops', '1', '--split', '--max-states', '3000', '--format', 'json', '--quiet'];
    const sym = JSON.parse((await runCli([...args, '--tasks', '3'])).stdout) as Json & { results: { invariant: string; configuration: Record<string, string> }[] };
    expect(sym.configuration).toMatchObject({ symmetry: 'on-except-liveness', reduction: 'none' });
    const live = (r: { invariant: string }) => r.invariant === 'fast-path-restored' || r.invariant === 'slow-path-taken';
    for (const r of sym.results) expect(r.configuration['symmetry']).toBe(live(r) ? 'off' : 'on');
    const por = JSON.parse((await runCli(args)).stdout) as typeof sym;
    expect(por.configuration).toMatchObject({ symmetry: 'off', reduction: 'por-except-liveness' });
    for (const r of por.results) expect(r.configuration['reduction']).toBe(live(r) ? 'none' : 'por');
  });

  const REFUSED: readonly (readonly [string, readonly string[], RegExp])[] = [
    ['a weak memory model', [...SMALL, '--memory-model', 'x86-tso'], /--symmetry on needs --memory-model sc/],
    ['--por', [...SMALL, '--por'], /--symmetry on and --por do not combine/],
    ['a single interchangeable task', ['--tasks', '2'], /--symmetry on needs two interchangeable tasks/],
    ['a weak model in the matrix', ['--tasks', '3'], /--symmetry on needs --memory-model sc/],
    ['a liveness property', LIVE, /--symmetry on and a liveness property do not combine/],
  ];
  for (const [what, args, message] of REFUSED) {
    it(`on refuses ${what}: exit 2, one line`, async () => {
      const cmd = what.includes('matrix') ? [] : ['check', '--variant', 'proposed'];
      const r = await runCli([...cmd, '--symmetry', 'on', ...args, '--quiet']);
      expect(r.status).toBe(2);
      expect(lines(r.stderr)).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    });
  }

  it('barriers refuses on with a weak model among its models before any search (it ran the whole sc column first)', async () => {
    // --tasks 3 under sc alone is seconds of search: the refusal must come before it, with no progress.
    const r = await runCli(['barriers', '--variant', 'proposed-fixed', '--symmetry', 'on', '--tasks', '3']);
    expect(r.status).toBe(2);
    expect(lines(r.stderr)).toEqual([expect.stringMatching(/--symmetry on needs --memory-model sc: under x86-tso/)]);
    expect(r.stdout).toBe('');
  });

  it('a mode that does not exist: exit 2, one line', async () => {
    const r = await runCli(['check', '--variant', 'proposed', '--symmetry', 'maybe']);
    expect(r.status).toBe(2);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/--symmetry "maybe" is not allowed; use one of: on, off, auto/);
  });
});
