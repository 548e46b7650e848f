/**
 * `--jobs N`: the matrix runs N searches at once, each on a thread of its own, and prints and writes
 * exactly what one at a time does; Ctrl-C stops every running search; a bad N is one line, exit 2.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lines, requireBuild, runCli, runCliUntil } from './cli-helpers.js';

const SMALL = ['--tasks', '2', '--syscalls', '1', '--rule-ops', '1'];

interface Json {
  readonly results: readonly Record<string, unknown>[];
}

/** The results without their timings and with `out` unnamed: the only things allowed to differ. */
const untimed = (stdout: string, out = '<none>') =>
  (JSON.parse(stdout.replaceAll(out, '<out>')) as Json).results.map(({ seconds: _s, ...rest }) => rest);

/** Every file under `dir` with its contents, the directory's own name left out of the text. */
function files(dir: string): Record<string, string> {
  const sub = join(dir, readdirSync(dir)[0]!);
  return Object.fromEntries(readdirSync(sub).sort().map((f) => [f, readFileSync(join(sub, f), 'utf8').replaceAll(dir, '<out>')]));
}

describe('--jobs', () => {
  beforeAll(requireBuild);

  it('the matrix on 2 threads prints and writes what it does on one', { timeout: 180_000 }, async () => {
    const one = mkdtempSync(join(tmpdir(), 'audit-check-jobs1-'));
    const two = mkdtempSync(join(tmpdir(), 'audit-check-jobs2-'));
    const a = await runCli([...SMALL, '--jobs', '1', '--format', 'json', '--quiet', '--out', one]);
    const b = await runCli([...SMALL, '--jobs', '2', '--format', 'json', '--quiet', '--out', two]);
    expect(a.stderr).toBe('');
    expect(b.stderr).toBe('');
    expect(b.status).toBe(a.status);
    expect(untimed(b.stdout, two)).toEqual(untimed(a.stdout, one));
    expect(untimed(a.stdout).some((r) => r['verdict'] === 'violated')).toBe(true);
    expect(files(two)).toEqual(files(one));
  });

  it('Ctrl-C stops the searches running on every thread: they are incomplete, those not started not run, exit 3', { timeout: 180_000 }, async () => {
    // Its own --out: the default, counterexamples/tasks=3/ in the clone, would keep what an earlier run wrote.
    const out = mkdtempSync(join(tmpdir(), 'audit-check-jobs-int-'));
    const r = await runCliUntil(['--tasks', '3', '--jobs', '2', '--format', 'json', '--out', out], undefined, { stderr: /states/, signal: 'SIGINT' });
    expect(r.status).toBe(3);
    const results = untimed(r.stdout);
    expect(results.some((x) => x['verdict'] === 'incomplete')).toBe(true);
    expect(results.some((x) => x['verdict'] === 'not-run')).toBe(true);
  });

  for (const bad of ['0', '-1', '1.5']) {
    it(`--jobs ${bad}: exit 2, one line`, async () => {
      const r = await runCli([...SMALL, '--jobs', bad, '--quiet']);
      expect(r.status).toBe(2);
      expect(lines(r.stderr)).toHaveLength(1);
      expect(r.stderr).toMatch(/--jobs must be a whole number >= 1/);
    });
  }
});
