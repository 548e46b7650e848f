import { describe, expect, it } from 'vitest';
import { renderResultsTable, verdictText, type CellResult } from '../../src/report/results.js';
import { wrap } from '../../src/report/wrap.js';

const cell = (over: Partial<CellResult>): CellResult => ({
  variant: 'legacy',
  invariant: 'no-entry-bug',
  search: 1,
  verdict: 'holds',
  states: 1234,
  transitions: 5678,
  depth: 9,
  seconds: 0.5,
  ...over,
});

describe('results table', () => {
  it('names verdicts with the trace length or the stop reason', () => {
    expect(verdictText(cell({ verdict: 'violated', traceLength: 7 }))).toBe('violated (7 steps)');
    expect(verdictText(cell({ verdict: 'incomplete', stopped: 'max-seconds' }))).toBe('incomplete (max-seconds)');
    expect(verdictText(cell({}))).toBe('holds');
  });

  it('aligns columns, groups rows by variant and formats counts', () => {
    const text = renderResultsTable([
      cell({}),
      cell({ invariant: 'exit-pairing', verdict: 'violated', traceLength: 12, search: 2 }),
      cell({ invariant: 'rule-coverage', search: 2 }),
      cell({ variant: 'v2.1', search: 3 }),
    ]);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^variant\s+invariant\s+verdict\s+states\s+transitions\s+seconds$/);
    expect(lines[2]).toMatch(/^legacy\s+no-entry-bug\s+holds\s+1,234\s+5,678\s+0\.50$/);
    expect(lines[3]).toMatch(/^\s+exit-pairing\s+violated \(12 steps\)/);
    expect(lines[4]).toMatch(/^\s+rule-coverage\s+holds$/);
    expect(lines[5]).toMatch(/^v2\.1\s.*0\.50$/);
  });
});

describe('wrap', () => {
  it('breaks at spaces, hangs continuation lines and cuts only over-long words', () => {
    expect(wrap('aa bb cc dd', 5, 1)).toEqual(['aa bb', ' cc', ' dd']);
    expect(wrap('abcdefgh', 3)).toEqual(['abc', 'def', 'gh']);
    expect(wrap('', 10)).toEqual(['']);
    expect(wrap('ghost.T1.exit_hook_since', 12)).toEqual(['ghost.T1.', 'exit_hook_', 'since']);
    expect(wrap('with audit_n_rules > 0', 15)).toEqual(['with', 'audit_n_rules >', '0']);
    expect(wrap('T1: __audit_syscall_exit:audit_n_rules', 37, 2)).toEqual(['T1: __audit_syscall_exit:', '  audit_n_rules']);
  });
});
