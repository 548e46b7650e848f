import { describe, expect, it } from 'vitest';
import { parseTraceFile, renderJsonTrace, TraceFileError } from '../../src/report/json-trace.js';
import { toyCounterexample } from '../fixtures/toy-model.js';

describe('json trace files', () => {
  const text = renderJsonTrace(toyCounterexample());

  it('round-trips through the parser with step names and full states', () => {
    const file = parseTraceFile(text);
    expect(file.variant).toBe('toy');
    expect(file.steps.map((s) => s.action)).toEqual([
      'T0: load_counter',
      'T1: load_counter',
      'admin: set_flag',
      'T1: store_counter',
      'T0: store_counter',
    ]);
    expect(file.steps[3]!.changes).toEqual({ counter: [0, 1], 'T1.pc': [1, 2] });
    expect(file.steps[4]!.state).toMatchObject({ counter: 1, 'T0.pc': 2, 'T1.pc': 2 });
    expect(file.contextSwitches).toBe(4);
  });

  it.each([
    ['not json', 'not JSON'],
    ['{"format": "other"}', 'not an audit-check trace'],
    [text.replace('"version": 1', '"version": 9'), 'version 9'],
    [text.replace('"tasks": 2', '"tasks": "two"'), 'bounds.tasks'],
    [text.replace(/"steps": \[[\s\S]*\]\n}/, '"steps": 3\n}'), '"steps" must be an array'],
  ])('rejects %#: a one-line error', (bad, why) => {
    expect(() => parseTraceFile(bad)).toThrow(TraceFileError);
    expect(() => parseTraceFile(bad)).toThrow(why);
  });
});
