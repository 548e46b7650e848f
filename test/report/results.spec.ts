import { describe, expect, it } from 'vitest';
import { renderResultsJson, renderResultsTable, verdictText, type CellResult } from '../../src/report/results.js';
import { wrap } from '../../src/report/wrap.js';

const cell = (over: Partial<CellResult>): CellResult => ({
  variant: 'legacy',
  invariant: 'no-entry-bug',
  search: 'legacy',
  configuration: { variant: 'legacy', tasks: '2' },
  verdict: 'holds',
  states: 1234,
  transitions: 5678,
  depth: 9,
  seconds: 0.5,
  ...over,
});

describe('results table', () => {
  it('names verdicts, and a cell Ctrl-C kept from running "not run"', () => {
    expect(verdictText(cell({ verdict: 'violated', traceLength: 7 }))).toBe('violated');
    expect(verdictText(cell({ verdict: 'not-run' }))).toBe('not run');
    expect(verdictText(cell({}))).toBe('holds');
  });

  it('aligns columns, groups rows by variant and search, and names why a search stopped', () => {
    const text = renderResultsTable([
      cell({}),
      cell({ invariant: 'exit-pairing', verdict: 'violated', traceLength: 12, search: 'x' }),
      cell({ invariant: 'rule-coverage', search: 'x' }),
      cell({ variant: 'proposed-fixed', invariant: 'pending-implies-flag', verdict: 'incomplete', stopped: 'interrupted', search: 'y' }),
      cell({ variant: 'proposed-fixed', invariant: 'deadlock-free', verdict: 'not-run', search: 'z' }),
    ]);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^variant\s+invariant\s+verdict\s+steps\s+states\s+seconds$/);
    expect(lines[2]).toMatch(/^legacy\s+no-entry-bug\s+holds\s+1,234\s+0\.50$/);
    expect(lines[3]).toMatch(/^\s+exit-pairing\s+violated\s+12\s+1,234\s+0\.50$/);
    expect(lines[4]).toMatch(/^\s+rule-coverage\s+holds$/);
    expect(lines[5]).toMatch(/^proposed-fixed\s+pending-implies-flag\s+incomplete\s+1,234/);
    expect(lines[6]).toMatch(/^\s+deadlock-free\s+not run$/);
    expect(lines[7]).toBe('incomplete: the search of y stopped (Ctrl-C)');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
  });

  it('JSON carries a schema version, seconds in milliseconds and no statistics for a cell not run', () => {
    const json = JSON.parse(renderResultsJson([cell({ seconds: 0.123456 }), cell({ verdict: 'not-run' })])) as {
      schemaVersion: number;
      results: Record<string, unknown>[];
    };
    expect(json.schemaVersion).toBe(2);
    expect(json.results[0]!['seconds']).toBe(0.123);
    expect(json.results[0]!['configuration']).toEqual({ variant: 'legacy', tasks: '2' });
    expect(json.results[1]).toEqual({ variant: 'legacy', invariant: 'no-entry-bug', verdict: 'not-run', search: 'legacy', configuration: { variant: 'legacy', tasks: '2' } });
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
    // Never inside a name when the name fits a fresh line: ':' first, else the next line.
    expect(wrap('9. auditctl: audit_add_rule:set_tsk_thread_flag(T0)', 27)).toEqual(['9. auditctl:', 'audit_add_rule:', 'set_tsk_thread_flag(T0)']);
    expect(wrap('ghost.T1.exit_hook_since_n_rules_changed 0->1', 35, 2)).toEqual(['ghost.T1.', '  exit_hook_since_n_rules_changed', '  0->1']);
  });
});
