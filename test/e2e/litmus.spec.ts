/**
 * `audit-check litmus check` end to end: verdicts and exit statuses (0 Forbidden, 1 Allowed),
 * the JSON report, the --model switch, and bad input (exit 2, one line naming the line).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lines, requireBuild, ROOT, runCli } from './cli-helpers.js';

const corpus = (name: string): string => join(ROOT, 'properties', 'litmus', `${name}.litmus`);
const dir = mkdtempSync(join(tmpdir(), 'audit-check-litmus-'));
const write = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe.concurrent('audit-check litmus check', () => {
  beforeAll(requireBuild);

  it('prints Forbidden with the axiom and a cycle, and exits 0', async () => {
    const run = await runCli(['litmus', 'check', corpus('SB+mbonceonces')]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(lines(run.stdout)[0]).toBe('Test SB+mbonceonces under lkmm: Forbidden');
    expect(run.stdout).toContain('Forbidden by: propagation (1 candidate)');
    expect(run.stdout).toMatch(/cycle: .*-pb\(prop e\d+->e\d+ ; strong-fence/);
  });

  it('prints Allowed with a witness execution, and exits 1', async () => {
    const run = await runCli(['litmus', 'check', corpus('SB+poonceonces')]);
    expect(run.status).toBe(1);
    expect(lines(run.stdout)[0]).toBe('Test SB+poonceonces under lkmm: Allowed');
    expect(run.stdout).toMatch(/Witness execution:\n {2}events:\n/);
    expect(run.stdout).toContain('regs:   0:r0=0 1:r0=0');
  });

  it('writes the same answer as JSON', async () => {
    const run = await runCli(['litmus', 'check', corpus('MP+poonceonces'), '--format', 'json']);
    expect(run.status).toBe(1);
    const json = JSON.parse(run.stdout) as { verdict: string; result: string; witness: { registers: Record<string, number>; rf: unknown[] } };
    expect(json).toMatchObject({ format: 'audit-check-litmus-result', verdict: 'Allowed', result: 'Sometimes', model: 'lkmm' });
    expect(json.witness.registers).toEqual({ '1:r0': 1, '1:r1': 0 });
    expect(json.witness.rf.length).toBe(2);
  });

  it('the two-locks audit row: Forbidden under current LKMM, Allowed under the earlier lock rule', async () => {
    const now = await runCli(['litmus', 'check', corpus('audit+inc-m-then-tl+exit-mb')]);
    const before = await runCli(['litmus', 'check', corpus('audit+inc-m-then-tl+exit-mb'), '--model', 'lkmm-unlock-rf-lock']);
    expect([now.status, before.status]).toEqual([0, 1]);
    expect(lines(before.stdout)[0]).toBe('Test audit+inc-m-then-tl+exit-mb under lkmm-unlock-rf-lock: Allowed');
  });

  it.each([
    ['a missing file', () => join(dir, 'missing.litmus'), /cannot read .*missing\.litmus: no such file/],
    ['RCU', () => write('rcu.litmus', 'C rcu\n{}\nP0(int *x)\n{\n\tsynchronize_rcu();\n}\nexists (x=0)\n'), /rcu\.litmus:5:2: synchronize_rcu: RCU is outside the supported subset/],
    ['a syntax error', () => write('syntax.litmus', 'C s\n{}\nP0(int *x)\n{\n\tWRITE_ONCE(*x, 1)\n}\nexists (x=0)\n'), /syntax\.litmus:6:1: expected ';' after the call/],
    ['a plain access', () => write('plain.litmus', 'C p\n{}\nP0(int *x)\n{\n\t*x = 1;\n}\nexists (x=0)\n'), /plain\.litmus:5:2: plain \(unmarked\) accesses/],
    ['an unknown model', () => corpus('SB+poonceonces'), /--model "tso" is not allowed; use one of: lkmm, lkmm-unlock-rf-lock, sc/, ['--model', 'tso']],
    ['--format xml', () => corpus('SB+poonceonces'), /--format "xml" is not allowed; use one of: text, json/, ['--format', 'xml']],
  ] as const)('refuses %s: exit 2, one line', async (_what, file, re, extra: readonly string[] = []) => {
    const run = await runCli(['litmus', 'check', file(), ...extra]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(re);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('documents the exit statuses in --help', async () => {
    const run = await runCli(['litmus', 'check', '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/0 Forbidden/);
    expect(run.stdout).toMatch(/1 Allowed/);
    expect(run.stdout).toMatch(/2 bad input/);
  });
});
