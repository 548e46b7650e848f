/**
 * The built CLI end to end: the matrix in JSON (and that counterexamples/ in the repository is what it
 * writes now), a known violation, replay of a saved trace, of a tampered one, and `list`.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { INVARIANTS } from '../../src/invariants/audit.js';
import { VARIANT_NAMES } from '../../src/model/audit/variants/index.js';
import { MEMORY_MODELS } from '../../src/model/kernel/memory.js';
import { KNOBS } from '../../src/model/audit/index.js';
import { renderVerdictGrid, type CellResult } from '../../src/report/results.js';
import { svgProblems } from '../report/svg-structure.js';
import { lines, requireBuild, ROOT, runCli, runCliUntil, type Run } from './cli-helpers.js';

const COMMITTED = join(ROOT, 'counterexamples');
const README = join(ROOT, 'README.md');
/** The README section shown as the worked example. */
const EXAMPLE = 'proposed--rule-coverage--sc';

/** `text` with the body between `<!-- name:start -->` and `<!-- name:end -->` replaced. */
function splice(text: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->\n`;
  const end = `<!-- ${name}:end -->`;
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`README.md has no ${name} section`);
  return text.slice(0, a + start.length) + body + text.slice(b);
}
const PROPERTIES = [...INVARIANTS.map((i) => i.name), 'deadlock-free'];

describe('the matrix (audit-check with no command)', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'audit-check-matrix-'));
  let run: Run;
  let results: CellResult[];

  beforeAll(async () => {
    requireBuild();
    // Run in a scratch directory with the default --out, so file paths inside the texts match the
    // committed ones ("counterexamples/<name>.json").
    run = await runCli(['--format', 'json', '--quiet'], cwd);
    results = (JSON.parse(run.stdout) as { results: CellResult[] }).results;
    // The whole matrix (three memory models) takes about 40 s alone on 2 cores; under a loaded CI
    // runner with other test files in parallel it can take several times that.
  }, 600_000);

  it('checks every variant against every invariant and deadlock, to completion (exit 0)', () => {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(results.map((r) => `${r.variant}/${r.memoryModel}/${r.invariant}`)).toEqual(
      VARIANT_NAMES.flatMap((v) => MEMORY_MODELS.flatMap((m) => PROPERTIES.map((p) => `${v}/${m}/${p}`))),
    );
    for (const r of results) {
      expect(['holds', 'violated']).toContain(r.verdict);
      expect(r.states).toBeGreaterThan(0);
      expect(r.seconds).toBeGreaterThanOrEqual(0);
    }
  });

  it('takes knob flags for every variant that has them: --scheduler implicit gives the same verdicts in fewer states', async () => {
    const other = mkdtempSync(join(tmpdir(), 'audit-check-matrix-implicit-'));
    // The implicit scheduler is defined under sc only (store buffers belong to CPUs).
    const refused = await runCli(['--scheduler', 'implicit', '--quiet'], other);
    expect(refused.status).toBe(2);
    expect(lines(refused.stderr)).toEqual([expect.stringContaining('--scheduler implicit is defined only under --memory-model sc')]);
    const r = await runCli(['--scheduler', 'implicit', '--memory-model', 'sc', '--format', 'json', '--quiet'], other);
    expect(r.status).toBe(0);
    const implicit = (JSON.parse(r.stdout) as { results: CellResult[] }).results;
    const sc = results.filter((c) => c.memoryModel === 'sc');
    expect(implicit.map((c) => `${c.variant}/${c.invariant}:${c.verdict}`)).toEqual(
      sc.map((c) => `${c.variant}/${c.invariant}:${c.verdict}`),
    );
    implicit.forEach((c, i) => expect(c.states, `${c.variant}/${c.invariant}`).toBeLessThan(sc[i]!.states));
    const bad = await runCli(['--scheduler', 'bogus', '--quiet'], other);
    expect(bad.status).toBe(2);
    expect(lines(bad.stderr)).toHaveLength(1);
  });

  it('gives each violation a trace length and five files', () => {
    const violated = results.filter((r) => r.verdict === 'violated');
    expect(violated.length).toBeGreaterThan(0);
    for (const r of violated) {
      expect(r.traceLength).toBeGreaterThan(0);
      expect(r.files?.map((f) => f.slice(f.lastIndexOf('.')))).toEqual(['.txt', '.dot', '.svg', '.json', '.litmus']);
    }
  });

  it('wrote exactly the counterexamples committed in counterexamples/ (run `npm run counterexamples` if not)', () => {
    // Sets of other configurations live in subdirectories and are not committed.
    const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name).sort();
    const fresh = files(join(cwd, 'counterexamples'));
    const committed = files(COMMITTED);
    expect(committed).toEqual(fresh);
    for (const name of fresh) {
      expect(readFileSync(join(COMMITTED, name), 'utf8'), name).toBe(readFileSync(join(cwd, 'counterexamples', name), 'utf8'));
    }
  });

  it('README.md shows the matrix and the example the tool writes now (npm run counterexamples rewrites them)', () => {
    const example = readFileSync(join(cwd, 'counterexamples', `${EXAMPLE}.txt`), 'utf8');
    const readme = readFileSync(README, 'utf8');
    const fresh = splice(
      splice(readme, 'matrix', renderVerdictGrid(results, 'counterexamples')),
      'example',
      '```\n' + example + '```\n',
    );
    if (process.env['UPDATE_GOLDEN'] !== undefined) writeFileSync(README, fresh);
    expect(readFileSync(README, 'utf8')).toBe(fresh);
  });
});

describe('check, replay and list', () => {
  beforeAll(requireBuild);

  it('every committed counterexample .json replays to its violation (exit 0)', async () => {
    const files = readdirSync(COMMITTED).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    const runs = await Promise.all(files.map((f) => runCli(['replay', join('counterexamples', f)])));
    runs.forEach((r, i) => {
      expect(r.stderr, files[i]).toBe('');
      expect(r.status, `${files[i]}: ${r.stdout}`).toBe(0);
      expect(r.stdout).toContain('still reach the violation');
    });
  });

  it('every committed .svg is a sequence chart: well-formed, every step drawn, nothing outside its view box', () => {
    for (const f of readdirSync(COMMITTED).filter((n) => n.endsWith('.svg'))) {
      const svg = readFileSync(join(COMMITTED, f), 'utf8');
      const trace = JSON.parse(readFileSync(join(COMMITTED, f.replace(/\.svg$/, '.json')), 'utf8')) as { steps: unknown[] };
      expect(svgProblems(svg), f).toEqual([]);
      expect(svg.match(/<g class="step" /g), f).toHaveLength(trace.steps.length);
      expect(svg, f).toContain('<g class="violation">');
    }
  });

  it('a tampered trace (a step removed) no longer replays (exit 1)', async () => {
    const file = readdirSync(COMMITTED).find((f) => f.endsWith('.json'))!;
    const trace = JSON.parse(readFileSync(join(COMMITTED, file), 'utf8')) as { steps: unknown[] };
    trace.steps.splice(Math.floor(trace.steps.length / 2), 1);
    const tampered = join(mkdtempSync(join(tmpdir(), 'audit-check-tamper-')), file);
    writeFileSync(tampered, JSON.stringify(trace));
    const r = await runCli(['replay', tampered]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('does not reach the violation');
    expect(r.stderr).toBe('');
  });

  it('a known violation exits 1 and prints the trace in columns', async () => {
    const r = await runCli(['check', '--variant', 'v2.1', '--invariant', 'no-entry-bug', '--quiet']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/no-entry-bug\s+violated\s+\d+\s/);
    expect(r.stdout).toContain('audit-check: v2.1 violates no-entry-bug');
    expect(r.stdout).toMatch(/CPU0 +\| CPU1/); // explicit scheduler (the default): one column per CPU
    expect(r.stdout).toContain('schedule -> ');
    const i = await runCli(['check', '--variant', 'v2.1', '--invariant', 'no-entry-bug', '--scheduler', 'implicit', '--quiet']);
    expect(i.status).toBe(1);
    expect(i.stdout).toMatch(/auditctl +\| T0/); // implicit scheduler: one column per thread
  });

  it('a holding check exits 0, and --format json prints one object', async () => {
    const r = await runCli(['check', '--variant', 'legacy', '--invariant', 'no-entry-bug', '--format', 'json', '--quiet']);
    expect(r.status).toBe(0);
    const { results } = JSON.parse(r.stdout) as { results: CellResult[] };
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ variant: 'legacy', invariant: 'no-entry-bug', verdict: 'holds' });
  });

  it('--fingerprint gives the same verdicts as exact storage and states the chance of a missed state', async () => {
    const args = ['check', '--variant', 'proposed', '--format', 'json', '--quiet'];
    const [exact, fp] = await Promise.all([runCli(args), runCli([...args, '--fingerprint'])]);
    expect(fp.status).toBe(1);
    const verdicts = (r: Run): string[] =>
      (JSON.parse(r.stdout) as { results: CellResult[] }).results.map((c) => `${c.invariant}:${c.verdict}`);
    expect(verdicts(fp)).toEqual(verdicts(exact));
    const cells = (JSON.parse(fp.stdout) as { results: CellResult[] }).results;
    for (const c of cells) expect(c.omissionProbability).toBeGreaterThan(0);
    for (const c of cells) expect(c.omissionProbability).toBeLessThan(1e-6);
    const text = await runCli(['check', '--variant', 'legacy', '--invariant', 'no-entry-bug', '--fingerprint', '--quiet']);
    expect(text.stdout).toMatch(/probability that a search missed a state <= \d\.\de-\d+/);
  });

  it('a limit that cuts the search reports incomplete (exit 3), never holds', async () => {
    const r = await runCli(['check', '--variant', 'legacy', '--invariant', 'no-entry-bug', '--max-states', '10', '--quiet']);
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/no-entry-bug\s+incomplete/);
    expect(r.stdout).toContain('stopped (--max-states reached)');
  });

  it('a search longer than a second reports progress on stderr, unless --quiet', async () => {
    const args = ['check', '--variant', 'proposed-fixed', '--tasks', '3', '--no-por', '--max-seconds', '2'];
    const [loud, quiet] = await Promise.all([runCli(args), runCli([...args, '--quiet'])]);
    for (const r of [loud, quiet]) {
      expect(r.status).toBe(3);
      expect(r.stdout).toContain('stopped (--max-seconds reached)');
    }
    expect(loud.stderr).toMatch(/^proposed-fixed: \d+\.\d s {2}[\d,]+ states {2}limit in ~\d+ s {2}[\d,]+\/s {2}depth \d+/m);
    for (const l of lines(loud.stderr)) expect(l.length).toBeLessThanOrEqual(80);
    expect(quiet.stderr).toBe('');
  });

  it('Ctrl-C (SIGINT) stops the search and prints what was explored as incomplete (exit 3)', async () => {
    // A search of about ten seconds with nothing to find; interrupted once its first progress line shows it running.
    const args = ['check', '--variant', 'proposed-fixed', '--tasks', '3', '--no-por', '--max-seconds', '60'];
    const r = await runCliUntil(args, ROOT, { stderr: /\d s {2}[\d,]+ states/, signal: 'SIGINT' });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('interrupted');
    expect(r.stdout).toContain('stopped (Ctrl-C)');
    expect(r.stdout).not.toMatch(/\bholds\b/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--explain-por prints the dependency relation for the variant and checks nothing', async () => {
    const r = await runCli(['check', '--variant', 'proposed', '--explain-por']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('audit/proposed');
    expect(r.stdout).not.toContain('verdict');
  });

  it('list names every variant, invariant and knob with its meaning', async () => {
    const r = await runCli(['list']);
    expect(r.status).toBe(0);
    for (const v of VARIANT_NAMES) expect(r.stdout).toMatch(new RegExp(`^  ${v.replace('.', '\\.')} +\\S`, 'm'));
    for (const p of PROPERTIES) expect(r.stdout).toMatch(new RegExp(`^  ${p} +\\S`, 'm'));
    for (const k of KNOBS) expect(r.stdout).toContain(`--${k.name} ${k.values.join('|')}`);
    expect(Math.max(...lines(r.stdout).map((l) => l.length))).toBeLessThanOrEqual(80);
  });
});
