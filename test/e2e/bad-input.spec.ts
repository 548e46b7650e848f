/**
 * Every kind of bad input exits 2 with exactly one line on stderr saying what is wrong, and never a
 * stack trace.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lines, requireBuild, runCli } from './cli-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'audit-check-bad-'));
const notATrace = join(dir, 'not-a-trace.json');
const malformed = join(dir, 'malformed.json');
writeFileSync(notATrace, '{"hello": "world"}\n');
writeFileSync(malformed, '{"format": "audit-check-trace", "version": 1, "steps": [\n');

const CASES: readonly (readonly [string, readonly string[], RegExp])[] = [
  ['an unknown variant', ['check', '--variant', 'nope'], /--variant "nope" is not allowed; use one of: legacy, v2\.1/],
  ['an unknown invariant', ['check', '--variant', 'legacy', '--invariant', 'nope'], /--invariant "nope" is not allowed; use one of: no-entry-bug/],
  ['--cpus 0', ['check', '--variant', 'legacy', '--cpus', '0'], /cpus/],
  ['--tasks 99', ['check', '--variant', 'legacy', '--tasks', '99'], /tasks/],
  ['--tasks 99 on the matrix', ['--tasks', '99'], /tasks/],
  ['a bound that is not a number', ['check', '--variant', 'legacy', '--syscalls', 'two'], /--syscalls must be a whole number/],
  ['a knob that does not apply', ['check', '--variant', 'legacy', '--exit-clear', 'recheck'], /exit-clear/],
  ['a knob value that does not exist', ['check', '--variant', 'proposed', '--exit-clear', 'sometimes'], /exit-clear/],
  ['an unknown option', ['check', '--variant', 'legacy', '--frobnicate'], /unknown option --frobnicate \(see audit-check check --help\)$/],
  ['a misspelt option, before a required one', ['check', '--varient', 'v2.1'], /unknown option --varient \(did you mean --variant\?\) \(see audit-check check --help\)$/],
  ['a misspelt knob', ['--walk-lok', 'rcu'], /unknown option --walk-lok \(did you mean --walk-lock\?\)/],
  ['another command\'s option', ['--invariant', 'exit-pairing'], /--invariant is not an option of the matrix \(no command\); another command takes it/],
  ['an unknown command', ['frobnicate'], /unknown command "frobnicate"; commands: check, barriers, replay, merge, list, litmus/],
  ['a misspelt command', ['chek', '--variant', 'v2.1'], /unknown command "chek" \(did you mean check\?\)/],
  ['a misspelt value', ['check', '--variant', 'v21'], /--variant "v21" is not allowed \(did you mean v2\.1\?\)/],
  ['a bound the model cannot encode, in CLI spelling', ['check', '--variant', 'legacy', '--rule-ops', '9'], /--rule-ops 9 cannot be encoded/],
  ['a missing --variant', ['check'], /give --variant V or --variant-file FILE/],
  ['an option without its value', ['check', '--variant', 'legacy', '--cpus'], /cpus/],
  ['--format xml', ['check', '--variant', 'legacy', '--format', 'xml'], /--format "xml" is not allowed; use one of: text, json/],
  // A single-valued flag given twice arrived as an array and crashed (exit 4) or silently took one.
  ['a variant given twice', ['check', '--variant', 'proposed', '--variant', 'legacy'], /--variant given 2 times \(proposed, legacy\); give it once/],
  ['--out given twice', ['check', '--variant', 'proposed', '--out', '/tmp/a', '--out', '/tmp/b'], /--out given 2 times/],
  ['a bound given twice on the matrix', ['--syscalls', '1', '--syscalls', '2'], /--syscalls given 2 times \(1, 2\)/],
  ['--coverage on several threads', ['check', '--variant', 'legacy', '--coverage', '--workers', '2'], /--coverage needs --workers 1/],
  ['two memory models for check', ['check', '--variant', 'proposed', '--memory-model', 'x86-tso,sc'], /check takes one --memory-model \(got x86-tso, sc\)/],
  ['--variant and a --variant-file naming another', ['check', '--variant', 'proposed', '--variant-file', 'examples/fork-sets-only.ts'], /--variant proposed and --variant-file examples\/fork-sets-only\.ts \(variant fork-sets-only\) name different variants/],
  ['--search astar', ['check', '--variant', 'legacy', '--search', 'astar'], /--search "astar" is not allowed; use one of: bfs, dfs/],
  ['--max-seconds -1', ['check', '--variant', 'legacy', '--max-seconds', '-1'], /--max-seconds must be a positive number/],
  ['a trace file that does not exist', ['replay', join(dir, 'missing.json')], /cannot read .*missing\.json: no such file/],
  ['a file that is not a trace', ['replay', notATrace], /is not an audit-check trace/],
  ['a malformed trace file', ['replay', malformed], /is not an audit-check trace: not JSON/],
];

describe.concurrent('bad input: exit 2, one line on stderr, no stack trace', () => {
  beforeAll(requireBuild);

  it.each(CASES)('%s', async (_what, args, message) => {
    const r = await runCli(args);
    expect(r.status).toBe(2);
    const err = lines(r.stderr);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^audit-check: /);
    expect(err[0]).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });
});
