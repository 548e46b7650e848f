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
  ['an unknown option', ['check', '--variant', 'legacy', '--frobnicate'], /Unknown argument/i],
  ['an unknown command', ['frobnicate'], /Unknown argument/i],
  ['a missing --variant', ['check'], /variant/],
  ['an option without its value', ['check', '--variant', 'legacy', '--cpus'], /cpus/],
  ['--format xml', ['check', '--variant', 'legacy', '--format', 'xml'], /--format "xml" is not allowed; use one of: text, json/],
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
