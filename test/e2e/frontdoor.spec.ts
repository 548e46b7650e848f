/**
 * What a first-time user trips on, end to end against the built CLI: output that never replaces the
 * committed sets, --out paths that cannot be used, edited and cross-variant replays, coverage,
 * simulation, help texts, JSON and 80 columns, and Ctrl-C through npx.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lines, requireBuild, ROOT, runCli, runCliUntil, type Run } from './cli-helpers.js';

const COMMITTED = join(ROOT, 'counterexamples');
const scratch = (name: string): string => mkdtempSync(join(tmpdir(), `audit-check-${name}-`));
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name).sort();
const snapshot = (dir: string): Record<string, string> =>
  Object.fromEntries(files(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

beforeAll(requireBuild);

describe.concurrent('output directories', () => {
  it('a non-default matrix in a copy of the clone leaves the committed counterexamples/ untouched', async () => {
    const cwd = scratch('copy');
    cpSync(COMMITTED, join(cwd, 'counterexamples'), { recursive: true });
    const before = snapshot(join(cwd, 'counterexamples'));
    // One memory model and no child syscalls keep the run short; the point is where a non-default run writes.
    const r = await runCli(['--preempt', 'full', '--child-syscalls', '0', '--memory-model', 'sc', '--quiet'], cwd);
    expect(r.status).toBe(0);
    expect(snapshot(join(cwd, 'counterexamples'))).toEqual(before);
    const dir = 'child-syscalls=0,preempt=full,memory-model=sc';
    expect(files(join(cwd, 'counterexamples', dir)).length).toBeGreaterThan(0);
    expect(r.stdout).toContain(` in\n  counterexamples/${dir}/\n`);
  });

  it('refuses to replace a set that differs without --force, after printing the verdicts', async () => {
    const cwd = scratch('force');
    const args = ['check', '--variant', 'v2.1', '--invariant', 'no-entry-bug', '--out', 'out', '--quiet'];
    expect((await runCli(args, cwd)).status).toBe(1);
    const txt = join(cwd, 'out', 'v2.1--no-entry-bug--sc.txt');
    writeFileSync(txt, 'edited\n');
    const refused = await runCli(args, cwd);
    expect(refused.status).toBe(2);
    expect(refused.stdout).toMatch(/no-entry-bug\s+violated/);
    expect(lines(refused.stderr)).toEqual([expect.stringMatching(/not written to out\/: 1 file there differs .*give --force/)]);
    expect(readFileSync(txt, 'utf8')).toBe('edited\n');
    expect((await runCli([...args, '--force'], cwd)).status).toBe(1);
    expect(readFileSync(txt, 'utf8')).toContain('v2.1 violates no-entry-bug');
  });

  const unusable: readonly (readonly [string, (dir: string) => string, RegExp])[] = [
    ['under /proc (where Node\'s recursive mkdir never returns)', () => '/proc/audit-check-x', /on procfs/],
    ['an existing file', (d) => { writeFileSync(join(d, 'f'), ''); return join(d, 'f'); }, /is not a directory/],
    ['/dev/null', () => '/dev/null', /is not a directory/],
    ['a 5,000-character path', (d) => join(d, 'a'.repeat(5000)), /longer than 255 bytes|more than 4095/],
  ];
  it.each(unusable)('--out %s exits 2 in one line before any search', async (_what, make, message) => {
    const started = performance.now();
    const r = await runCli(['check', '--variant', 'proposed-fixed', '--tasks', '3', '--out', make(scratch('bad')), '--quiet']);
    expect(r.status).toBe(2);
    expect(lines(r.stderr)).toEqual([expect.stringMatching(message)]);
    expect(r.stdout).toBe('');
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('a target that is a directory: verdicts printed, nothing of the set written', async () => {
    const cwd = scratch('dir-target');
    mkdirSync(join(cwd, 'out', 'v2.1--no-entry-bug--sc.svg'), { recursive: true });
    const r = await runCli(['check', '--variant', 'v2.1', '--invariant', 'no-entry-bug', '--out', 'out', '--quiet'], cwd);
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/no-entry-bug\s+violated/);
    expect(lines(r.stderr)).toEqual([expect.stringMatching(/not written to out\/: .*is not a regular file; nothing there was changed/)]);
    expect(readdirSync(join(cwd, 'out')).sort()).toEqual(['v2.1--no-entry-bug--sc.svg']);
  });
});

describe.concurrent('replay', () => {
  const trace = (name: string): { steps: { state: Record<string, number> }[]; variant: string } =>
    JSON.parse(readFileSync(join(COMMITTED, name), 'utf8'));
  const write = (name: string, value: unknown): string => {
    const path = join(scratch('replay'), name);
    writeFileSync(path, JSON.stringify(value));
    return path;
  };

  it('an edited state value is a mismatch naming the field (exit 1)', async () => {
    const t = trace('proposed--rule-coverage--sc.json');
    t.steps[3]!.state['T1.ctx.in_syscall'] = 1e20;
    const r = await runCli(['replay', write('edited.json', t)]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/step 4: after T1: __audit_start_record, T1\.ctx\.in_syscall is 1 in the model, 100000000000000000000 in the file/);
  });

  it('an edited variant field is a mismatch, not a replay under another name (exit 1)', async () => {
    const t = trace('proposed--rule-coverage--sc.json');
    t.variant = 'proposed-fixed';
    const r = await runCli(['replay', write('variant.json', t)]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("the file's configuration says variant=proposed");
  });

  it("--variant proposed-fixed runs Andy's trace against the fix and names the step that can no longer happen", async () => {
    const r = await runCli(['replay', join('counterexamples', 'proposed--rule-coverage--sc.json'), '--variant', 'proposed-fixed']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/on proposed-fixed, does not reach the violation of rule-coverage: step \d+: /);
  });

  it('a knob flag that keeps the violation says it is still reached (exit 0)', async () => {
    const r = await runCli(['replay', join('counterexamples', 'proposed--rule-coverage--sc.json'), '--fork-read', 'late']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/replayed on proposed \(fork-read=late\); they still reach the violation/);
  });

  it('--memory-model replays the weak-memory counterexample of the repair under sc, where it cannot happen', async () => {
    const r = await runCli(['replay', join('counterexamples', 'proposed-fixed--rule-coverage--store-reordering.json'), '--memory-model', 'sc']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/on proposed-fixed under sc, does not reach the violation of rule-coverage: step \d+: /);
  });

  it('--full prints every field of every state', async () => {
    const r = await runCli(['replay', join('counterexamples', 'v2.1--no-entry-bug--sc.json'), '--full']);
    expect(r.status).toBe(0);
    const full = r.stdout.slice(r.stdout.indexOf('Every state in full'));
    const steps = trace('v2.1--no-entry-bug--sc.json').steps;
    expect(full.match(/^ {2}\d+: /gm)).toHaveLength(steps.length);
    for (const field of Object.keys(steps[0]!.state)) expect(full).toContain(`${field}=`);
  });
});

describe.concurrent('coverage, simulation, help, JSON and width', () => {
  it('check --coverage names the steps that never fire at these bounds', async () => {
    const r = await runCli(['check', '--variant', 'legacy', '--coverage', '--quiet']);
    expect(r.stdout).toMatch(/Coverage of legacy, over the states the reduced search explored/);
    // legacy never clears the flag, so the fast exit path is never taken, not even by the child;
    // the child's own syscall (--child-syscalls 1 by default) does fire.
    expect(r.stdout).toMatch(/never enabled:\n {4}T0: sysret_check\n {4}T1: sysret_check\n {4}T2: sysret_check\n {2}No invariant/);
    expect(r.stdout).toContain('No invariant holds vacuously');
  });

  it('the matrix warns about unreached steps in one line per variant, and fits 80 columns', async () => {
    // Without child syscalls, as every step but the child's own still fires: the point is the warning's form.
    const r = await runCli(['--quiet', '--memory-model', 'sc', '--child-syscalls', '0', '--out', scratch('warn')]);
    for (const l of r.stdout.split('\n')) expect(l.length, l).toBeLessThanOrEqual(80);
    const warnings = lines(r.stdout).filter((l) => l.startsWith('warning: '));
    expect(warnings).toContainEqual(expect.stringMatching(/^warning: legacy: \d+ steps never enabled: T0: sysret_check/));
    for (const w of warnings) expect(w.length).toBeLessThanOrEqual(80);
  });

  it("--simulate finds Oleg's BUG on v2.1 with a fixed seed, and the trace it writes replays", async () => {
    const cwd = scratch('sim');
    const r = await runCli(['check', '--variant', 'v2.1', '--invariant', 'no-entry-bug', '--simulate', '300', '--seed', '7', '--out', 'out', '--quiet'], cwd);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/no-entry-bug\s+violated/);
    expect(r.stdout).not.toMatch(/ holds$/m);
    const json = join('out', 'simulate=300,seed=7,max-depth=200', 'v2.1--no-entry-bug--sc.json');
    const replay = await runCli(['replay', json], cwd);
    expect(replay.status).toBe(0);
    const none = await runCli(['check', '--variant', 'proposed-fixed', '--simulate', '20', '--quiet']);
    expect(none.status).toBe(3);
    expect(none.stdout).toMatch(/rule-coverage\s+not found/);
    expect(none.stdout).not.toMatch(/ holds$/m);
  });

  it.each([[[]], [['check']], [['replay']], [['list']]] as const)('%s --help lists exit statuses and knob defaults in 80 columns', async (cmd) => {
    const r = await runCli([...cmd, '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Exit status: 0 /);
    if (cmd[0] === 'list') return;
    if (cmd[0] !== 'replay') expect(r.stdout).toMatch(/\[default: 2\]/);
    expect(r.stdout).toMatch(/default:\s+tasklist\s+\(v2\.1,\s+proposed/);
    for (const l of r.stdout.split('\n')) expect(l.length).toBeLessThanOrEqual(80);
  });

  it('JSON names the schema, the whole configuration per result, the search by name, seconds in ms', async () => {
    const r = await runCli(['check', '--variant', 'proposed', '--invariant', 'rule-coverage,deadlock-free', '--format', 'json', '--quiet']);
    const json = JSON.parse(r.stdout) as { schemaVersion: number; configuration: Record<string, string>; results: Record<string, unknown>[] };
    expect(json.schemaVersion).toBe(2);
    expect(json.configuration).toMatchObject({ variant: 'proposed', tasks: '2', 'exit-clear': 'plain', search: 'bfs', reduction: 'por' });
    expect(json.results.map((c) => c['invariant'])).toEqual(['rule-coverage', 'deadlock-free']);
    for (const c of json.results) {
      expect(c['search']).toBe('proposed');
      expect(c['configuration']).toEqual(json.configuration);
      expect(String(c['seconds'])).toMatch(/^\d+(\.\d{1,3})?$/);
    }
  });

  it('check tables and traces fit 80 columns, even with a column per thread', async () => {
    const r = await runCli(['check', '--variant', 'v2.1', '--tasks', '3', '--scheduler', 'implicit', '--invariant', 'no-entry-bug', '--quiet']);
    expect(r.status).toBe(1);
    for (const l of r.stdout.split('\n')) expect(l.length, l).toBeLessThanOrEqual(80);
  });
});

/** Runs `npx audit-check ...` in its own process group and sends SIGINT to the group, as Ctrl-C does. */
function npxUntil(args: readonly string[], when: RegExp): Promise<Run & { signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['audit-check', ...args], { cwd: ROOT, detached: true, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (!sent && when.test(stderr)) {
        sent = true;
        process.kill(-child.pid!, 'SIGINT');
      }
    });
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

describe('Ctrl-C', () => {
  it('cuts the running search (incomplete) and leaves the later ones "not run", in text and JSON', async () => {
    const args = ['check', '--variant', 'proposed-fixed', '--tasks', '3', '--no-por', '--split', '--jobs', '1', '--max-seconds', '60'];
    const r = await runCliUntil([...args, '--format', 'json'], ROOT, { stderr: /\d s {2}[\d,]+ states/, signal: 'SIGINT' });
    expect(r.status).toBe(3);
    const { results } = JSON.parse(r.stdout) as { results: Record<string, unknown>[] };
    expect(results[0]).toMatchObject({ verdict: 'incomplete', stopped: 'interrupted' });
    for (const c of results.slice(1)) {
      expect(c['verdict']).toBe('not-run');
      expect(c['states']).toBeUndefined();
    }
  });
});

describe('Ctrl-C through npx', () => {
  it('npm dies of the SIGINT (the shell says 130) while audit-check still prints its incomplete verdicts', async () => {
    if (!existsSync(join(ROOT, 'node_modules', '.bin'))) return;
    const r = await npxUntil(['check', '--variant', 'proposed-fixed', '--tasks', '3', '--no-por', '--max-seconds', '60'], /\d s {2}[\d,]+ states/);
    expect(r.stdout).toContain('stopped (Ctrl-C)');
    expect(r.stdout).not.toMatch(/\bholds\b/);
    expect(r.stderr).toContain('interrupted; stopping the search');
    // npm does not catch SIGINT: it dies of it, which a shell reports as 128 + 2.
    expect(r.signal).toBe('SIGINT');
    expect(r.status).toBeNull();
  });
});
