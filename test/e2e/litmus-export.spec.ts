/**
 * `audit-check litmus FILE.json` and `audit-check litmus --variant V --pattern NAME` end to end:
 * the printed test is the committed .litmus, it checks as the docs say, and bad input exits 2 with
 * one line.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lines, requireBuild, ROOT, runCli } from './cli-helpers.js';

const cx = (name: string): string => join(ROOT, 'counterexamples', name);
const dir = mkdtempSync(join(tmpdir(), 'audit-check-litmus-export-'));

describe.concurrent('audit-check litmus export', () => {
  beforeAll(requireBuild);

  it('prints a counterexample as the committed .litmus, which litmus check calls Allowed (exit 1)', async () => {
    const base = 'proposed-fixed--rule-coverage--store-reordering';
    const run = await runCli(['litmus', cx(`${base}.json`)]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(readFileSync(cx(`${base}.litmus`), 'utf8'));
    const file = join(dir, 'cx.litmus');
    writeFileSync(file, run.stdout);
    const check = await runCli(['litmus', 'check', file]);
    expect(check.status).toBe(1);
    expect(lines(check.stdout)[0]).toBe(`Test proposed-fixed+rule-coverage+store-reordering under lkmm: Allowed`);
  });

  it('prints a variant pattern: proposed-ordered exit-recheck checks Forbidden (exit 0)', async () => {
    const run = await runCli(['litmus', '--variant', 'proposed-ordered', '--pattern', 'exit-recheck', '--memory-model', 'store-reordering']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^C proposed-ordered\+exit-recheck\n/);
    expect(run.stdout).toContain('smp_mb__after_atomic();');
    const file = join(dir, 'pattern.litmus');
    writeFileSync(file, run.stdout);
    const check = await runCli(['litmus', 'check', file]);
    expect(check.status).toBe(0);
    expect(lines(check.stdout)[0]).toBe('Test proposed-ordered+exit-recheck under lkmm: Forbidden');
  });

  it.each([
    [[], /^audit-check: litmus needs FILE\.json, --variant V --pattern NAME, or the subcommand check FILE\.litmus\n/],
    [['--variant', 'legacy', '--pattern', 'exit-recheck'], /legacy has no exit-recheck pattern \(it has no exit-clear knob, not recheck\)/],
    [['--variant', 'proposed-fixed', '--pattern', 'nope'], /--pattern "nope" is not allowed; use one of: exit-recheck, fork-late-read/],
    [['--variant', 'proposed-fixed', '--pattern', 'exit-recheck', '--memory-model', 'tso'], /--memory-model "tso" is not allowed/],
    [[join(ROOT, 'package.json')], /is not an audit-check trace/],
    [[join(ROOT, 'no-such.json')], /cannot read .*no-such\.json: no such file/],
  ])('bad input %j exits 2 with one line', async (args, message) => {
    const run = await runCli(['litmus', ...args]);
    expect(run.status).toBe(2);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });
});
