/**
 * A second protocol through the CLI's seam (src/cli/protocol-cli.ts): the toy counter of
 * test/cli/toy-protocol.ts, run by the generic command line (src/cli/app.ts) from a tiny entry
 * script, with no edit under src/cli or src/report. Each test says what it would catch.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTraceFile } from '../../src/report/json-trace.js';
import { requireBuild, type Run } from '../e2e/cli-helpers.js';

const TOY_CLI = fileURLToPath(new URL('../../dist/test/cli/toy-cli.js', import.meta.url));

function toy(args: readonly string[]): Run {
  const r = spawnSync(process.execPath, [TOY_CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
beforeAll(() => {
  requireBuild();
  if (!existsSync(TOY_CLI)) throw new Error(`${TOY_CLI} is missing: run \`npx tsc -p tsconfig.json\` first`);
  dir = mkdtempSync(join(tmpdir(), 'toy-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a second protocol on the command line', () => {
  it('check finds the lost update with a replayable, shortest trace, and exits 1', () => {
    // Fails if the CLI builds audit's model whatever the protocol (no toy verdicts), if the toy's
    // configuration entries are not the header, or if the counterexample is not the toy model's run.
    const r = toy(['check', '--variant', 'racy', '--quiet', '--out', join(dir, 'check')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^configuration: variant=racy tasks=2 search=bfs reduction=por symmetry=off/);
    expect(r.stdout).toMatch(/racy +counter-exact +violated +4 /);
    const trace = parseTraceFile(readFileSync(join(dir, 'check', 'racy--counter-exact--sc.json'), 'utf8'));
    const steps = trace.steps.map((s) => s.action.replace(/^T\d: /, ''));
    // The lost update: both tasks load before either stores.
    expect(steps).toEqual(['load_counter', 'load_counter', 'store_counter', 'store_counter']);
    expect(trace.steps.at(-1)!.state['counter']).toBe(1);
  });

  it('replay rebuilds the toy configuration from the file and re-checks every state', () => {
    // Fails if replay rebuilds audit's configuration from the file, or compares no state (the
    // edited counter below would then still "replay").
    const file = join(dir, 'check', 'racy--counter-exact--sc.json');
    const ok = toy(['replay', file]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/4 steps replayed on the current model, every state as in the file; they still reach the violation of counter-exact/);
    const edited = join(dir, 'edited.json');
    writeFileSync(edited, readFileSync(file, 'utf8').replace('"counter": 1', '"counter": 2'));
    const bad = toy(['replay', edited]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/does not reach the violation of counter-exact any more: step \d: after T\d: store_counter, counter is 1 in the model, 2 in the file/);
  });

  it('the atomic variant holds, exit 0', () => {
    // Fails if the variant flag does not reach the protocol's configuration (racy would be checked).
    const r = toy(['check', '--variant', 'atomic', '--tasks', '3', '--quiet']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/configuration: variant=atomic tasks=3 /);
    expect(r.stdout).toMatch(/atomic +counter-exact +holds/);
  });

  it('the matrix runs every cell of the protocol, one on a worker thread, and writes no audit-only file', () => {
    // Fails if the cells come from audit's variants, if a worker cannot rebuild the toy from its
    // ProtocolRef (modules), or if the set gets audit's .litmus.
    const out = join(dir, 'matrix');
    const r = toy(['--quiet', '--jobs', '2', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^configuration: tasks=2 search=bfs/);
    expect(r.stdout).toMatch(/racy +counter-exact +violated/);
    expect(r.stdout).toMatch(/atomic +counter-exact +holds/);
    expect(readdirSync(out).sort()).toEqual(['dot', 'json', 'svg', 'txt'].map((e) => `racy--counter-exact--sc.${e}`));
  });

  it("a configuration the protocol rejects is bad usage in the CLI's words, exit 2", () => {
    // Fails if main catches only audit's AuditConfigError (this would be an internal error, exit 4).
    const r = toy(['check', '--variant', 'racy', '--tasks', '9', '--quiet']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('audit-check: --tasks 9 cannot be encoded (allowed: 1..3) (see audit-check check --help)\n');
  });

  it("offers the protocol's own commands, flags and list, none of audit's", () => {
    // Fails if audit's commands (barriers, litmus), flags or list are wired into the generic CLI.
    const help = toy(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Lost updates of a shared counter');
    expect(help.stdout).not.toMatch(/barriers|litmus|--walk-lock|--memory-model/);
    const barriers = toy(['barriers']);
    expect(barriers.status).toBe(2);
    expect(barriers.stderr).toMatch(/unknown command "barriers"; commands: check, replay, merge, list, or none for the matrix/);
    const typo = toy(['check', '--varient', 'racy']);
    expect(typo.stderr).toMatch(/unknown option --varient \(did you mean --variant\?\)/);
    const list = toy(['list']);
    expect(list.stdout).toBe('Variants (--variant): racy, atomic\nInvariants: counter-exact, deadlock-free\n');
  });
});
