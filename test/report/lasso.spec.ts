/**
 * A lasso in every renderer: the column form marks where the cycle starts and where it returns, the
 * graph draws the last step back into the cycle's first state, the chart has a cycle band, the .json
 * carries loopStart and case, and the set has no .litmus.
 */
import { describe, expect, it } from 'vitest';
import { checkLiveness } from '../../src/checker/liveness/index.js';
import { fieldIs, liveness, lockStarvation } from '../../src/checker/liveness/liveness-models.fixture.js';
import { straightLine } from '../../src/checker/toy-models.fixture.js';
import type { Model } from '../../src/model/model.js';
import type { Counterexample } from '../../src/report/counterexample.js';
import { renderDotTrace } from '../../src/report/dot-trace.js';
import { parseTraceFile, renderJsonTrace, TraceFileError } from '../../src/report/json-trace.js';
import { renderSequenceSvg } from '../../src/report/sequence-svg.js';
import { renderTextTrace } from '../../src/report/text-trace.js';
import { renderFullTrace } from '../../src/report/full-trace.js';
import { renderResultsTable } from '../../src/report/results.js';
import { replayLasso } from '../../src/cli/replay-run.js';
import { renderCounterexampleSet } from '../../src/cli/write-set.js';
import { NO_LITMUS_FOR_LASSO } from '../../src/protocols/audit-set-files.js';
import { auditProtocol } from '../../src/protocols/audit.js';
import { DEFAULT_BOUNDS } from '../../src/model/audit/config.js';

function lassoOf(model: Model, p: ReturnType<typeof liveness>): Counterexample {
  const r = checkLiveness(model, [p]).properties[0]!;
  return {
    model,
    trace: r.trace!,
    property: { name: p.name, summary: p.summary, reads: [] },
    variant: 'toy',
    bounds: {},
    knobs: {},
    configuration: [{ key: 'variant', value: 'toy', isDefault: false }],
    minimal: false,
    liveness: { case: r.case!, fairThreads: r.fairThreads },
  };
}

const model = lockStarvation();
const starve = liveness('t1-gets-lock', [{ label: 'T1', infinitelyOften: [fieldIs(model, 'T1.wait', 1)] }], [0, 1]);
const cx = lassoOf(model, starve);

describe('a lasso in the text trace', () => {
  it('marks the cycle start before its first step and the return after the last', () => {
    const text = renderTextTrace(cx);
    const lines = text.split('\n');
    const start = lines.indexOf('---- cycle: from here the run repeats forever ----');
    const back = lines.indexOf('---- back to the state before step 1: steps 1..2 repeat forever ----');
    expect(cx.trace.loopStart).toBe(0);
    expect(start).toBeGreaterThan(0);
    expect(back).toBeGreaterThan(start);
    expect(lines.slice(start, back).some((l) => /^1 /.test(l))).toBe(true);
    expect(text).toContain('case T1; assuming weak fairness for T0, T1');
    expect(text).toContain('The run repeats steps 1..2 forever, and t1-gets-lock is violated:');
    expect(text).not.toContain('After step 2, t1-gets-lock is violated');
  });

  it('the full trace (replay --full) marks the cycle too', () => {
    const full = renderFullTrace(cx).split('\n');
    const start = full.indexOf('---- cycle: from here the run repeats forever ----');
    expect(start).toBeGreaterThan(full.indexOf('  initial state'));
    expect(full.indexOf('---- back to the state before step 1: steps 1..2 repeat forever ----')).toBeGreaterThan(start);
  });

  it('a stutter says the run stays in its last state', () => {
    const m = straightLine(1, 2);
    const pc = m.layout.field('T0.pc');
    const p = liveness('finishes', [{ label: 'T0', infinitelyOften: [{ kind: 'state', label: 'pc<3', holds: (s) => m.layout.get(s, pc) < 3 }] }], [0]);
    const text = renderTextTrace(lassoOf(m, p));
    expect(text).toContain('---- no step is enabled here: the run stays in this state forever ----');
    expect(text).toContain('After step 2 no step is enabled, so the run stays there forever');
  });

  it('a finite trace has no cycle marker', () => {
    const finite = { ...cx, trace: { initial: cx.trace.initial, steps: cx.trace.steps } };
    delete (finite as { liveness?: unknown }).liveness;
    expect(renderTextTrace(finite)).not.toContain('cycle');
  });
});

describe('a lasso in the graph and the chart', () => {
  it('DOT: the last step goes back into the state the cycle starts from, which is marked', () => {
    const dot = renderDotTrace(cx);
    expect(dot).toMatch(/s1 -> s0 \[label="2\. /);
    expect(dot).not.toMatch(/\bs2 \[/);
    expect(dot).toMatch(/s0 \[[^\n]*cycle: from here the run repeats forever/);
  });

  it('SVG: a cycle band and the verdict naming the return', () => {
    const svg = renderSequenceSvg(cx);
    expect(svg).toContain('class="cycle-start"');
    expect(svg).toContain('back to the state before step 1');
  });
});

describe('a lasso in the .json', () => {
  it('round-trips loopStart, case and fair threads', () => {
    const file = parseTraceFile(renderJsonTrace(cx));
    expect(file.loopStart).toBe(0);
    expect(file.case).toBe('T1');
    expect(file.fairThreads).toEqual(['T0', 'T1']);
  });

  it('rejects a loopStart out of range and a lasso without a case', () => {
    const obj = JSON.parse(renderJsonTrace(cx)) as Record<string, unknown>;
    expect(() => parseTraceFile(JSON.stringify({ ...obj, loopStart: 3 }))).toThrow(TraceFileError);
    expect(() => parseTraceFile(JSON.stringify({ ...obj, case: undefined }))).toThrow(/case/);
  });
});

describe('a lasso replayed from its .json', () => {
  it('replays, keeps its loopStart and re-checks', () => {
    const file = parseTraceFile(renderJsonTrace(cx));
    const out = replayLasso(model, starve, file.case!, { initial: file.initial, steps: file.steps, loopStart: file.loopStart! }, true);
    expect(out.kind).toBe('ran');
    expect(out.trace.loopStart).toBe(cx.trace.loopStart);
    expect(out.trace.steps.map((s) => s.action)).toEqual(cx.trace.steps.map((s) => s.action));
  });

  it('a lasso that no longer closes, or under another fairness, is reported, not shown', () => {
    const file = parseTraceFile(renderJsonTrace(cx));
    const cut = replayLasso(model, starve, 'T1', { initial: file.initial, steps: file.steps.slice(0, 1), loopStart: 0 }, true);
    expect(cut).toMatchObject({ kind: 'stopped', step: 0 });
    expect(cut.kind === 'stopped' && cut.reason).toMatch(/does not close/);
    const noCase = replayLasso(model, starve, 'T9', { initial: file.initial, steps: file.steps, loopStart: 0 }, true);
    expect(noCase.kind === 'stopped' && noCase.reason).toMatch(/no case T9/);
    // T1 never waits in the cycle's states under a stricter condition: no longer a counterexample.
    const stricter = liveness('t1-gets-lock', [{ label: 'T1', infinitelyOften: [fieldIs(model, 'lock', 2)] }], [0, 1]);
    const re = replayLasso(model, stricter, 'T1', { initial: file.initial, steps: file.steps, loopStart: 0 }, true);
    expect(re.kind === 'stopped' && re.reason).toMatch(/no longer a counterexample.*lock=2/);
  });
});

describe('a lasso set', () => {
  it('has no .litmus, and its text says why (audit model only writes one)', () => {
    const files = renderCounterexampleSet('out', cx).files.map(([name]) => name);
    expect(files.some((f) => f.endsWith('.litmus'))).toBe(false);
    expect(files.filter((f) => /\.(txt|dot|svg|json)$/.test(f))).toHaveLength(4);
  });
});

describe('a lasso set of the audit model', () => {
  it('has no .litmus, and its text says why', () => {
    const { model: audit } = auditProtocol({ variant: 'proposed', bounds: { ...DEFAULT_BOUNDS, syscalls: 1, ruleOps: 1 }, knobs: {} });
    // Every bounded run ends: "something happens forever" fails by stuttering in an end state.
    const ends = liveness('keeps-running', [{ label: 'all', infinitelyOften: [] }], []);
    const lasso = lassoOf(audit, ends);
    expect(lasso.trace.loopStart).toBe(lasso.trace.steps.length);
    const files = renderCounterexampleSet('out', lasso).files;
    expect(files.map(([name]) => name.split('.').pop())).toEqual(['txt', 'dot', 'svg', 'json']);
    expect(files[0]![1]).toContain(NO_LITMUS_FOR_LASSO);
  });
});

describe('a liveness verdict in the results table', () => {
  it('says under the table what the verdict assumes', () => {
    const cell = { variant: 'toy', invariant: 't1-gets-lock', verdict: 'holds' as const, search: 'toy', states: 4, transitions: 6, depth: 2, seconds: 0, assumes: 'weak fairness for T0, T1' };
    const table = renderResultsTable([cell]);
    expect(table).toContain('t1-gets-lock: the verdict assumes weak fairness for T0, T1');
    expect(renderResultsTable([{ ...cell, assumes: undefined }])).not.toContain('assumes');
  });
});
