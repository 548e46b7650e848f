import { describe, expect, it } from 'vitest';
import { check, createSearch, minimalTrace, replayTrace, ReplayError, threadSwitches, lastState } from './index.js';
import { counters, invariant, lockOrder, nondeterministic, straightLine } from './toy-models.fixture.js';
import type { CheckResult, Progress } from './types.js';

const verdicts = (r: CheckResult): Record<string, string> => Object.fromEntries(r.properties.map((p) => [p.name, p.verdict]));

describe('closed-form state counts', () => {
  for (const search of ['bfs', 'dfs'] as const) {
    for (const fingerprint of [false, true]) {
      it(`${search}${fingerprint ? ' fingerprint' : ''}: N counters over 0..k reach (k+1)^N states`, () => {
        for (const [n, k] of [[1, 5], [3, 4], [4, 6]] as const) {
          for (const wide of [false, true]) {
            const r = check(counters(n, k, { wide }), [], { search, fingerprint });
            expect(r.complete).toBe(true);
            expect(r.stats.states).toBe((k + 1) ** n);
            expect(r.stats.transitions).toBe(n * k * (k + 1) ** (n - 1));
            if (search === 'bfs') expect(r.stats.maxDepth).toBe(n * k);
            expect(verdicts(r)).toEqual({ deadlock: 'holds' });
          }
        }
      });
    }
    it(`${search}: N threads of m steps reach (m+1)^N states`, () => {
      for (const [n, m] of [[2, 3], [3, 5], [5, 2]] as const) {
        const r = check(straightLine(n, m), [], { search });
        expect(r.stats.states).toBe((m + 1) ** n);
        expect(r.complete).toBe(true);
      }
    });
  }

  it('fingerprint mode states the omission probability, about n²/2^65', () => {
    const r = check(counters(3, 9), [], { fingerprint: true });
    expect(r.omissionProbability).toBeCloseTo(1000 ** 2 / 2 ** 65, 20);
    expect(check(counters(3, 9), []).omissionProbability).toBeUndefined();
  });
});

describe('violations and traces', () => {
  const model = counters(3, 4);
  const sumBelow5 = invariant(model, 'sum-below-5', ['c0', 'c1', 'c2'], ([a, b, c]) => a! + b! + c! < 5);
  const c2Small = invariant(model, 'c2-below-4', ['c2'], ([c]) => c! < 4);

  it('BFS finds a shortest trace that replays and ends in a violating state', () => {
    const r = check(model, [sumBelow5]);
    const p = r.properties[0]!;
    expect(p.verdict).toBe('violated');
    expect(p.trace!.steps).toHaveLength(5);
    expect(sumBelow5.holds(lastState(p.trace!))).toBe(false);
    const again = replayTrace(model, p.trace!.initial, p.trace!.steps.map((s) => s.action));
    expect(again).toEqual(p.trace);
  });

  it('keeps searching after one violation until every property has a verdict', () => {
    const holds = invariant(model, 'c0-at-most-4', ['c0'], ([c]) => c! <= 4);
    const r = check(model, [sumBelow5, holds], { search: 'dfs' });
    expect(verdicts(r)).toEqual({ 'sum-below-5': 'violated', 'c0-at-most-4': 'holds', deadlock: 'holds' });
    expect(r.complete).toBe(true);
    expect(r.stats.states).toBe(125);
  });

  it('stops early once every property is violated, and says the space was not exhausted', () => {
    const r = check(model, [sumBelow5, c2Small], { deadlock: false });
    expect(verdicts(r)).toEqual({ 'sum-below-5': 'violated', 'c2-below-4': 'violated' });
    expect(r.complete).toBe(false);
    expect(r.stopped).toBeUndefined();
    expect(r.stats.states).toBeLessThan(125);
  });

  it('reports a deadlock with a replayed trace, and not when deadlock detection is off', () => {
    for (const search of ['bfs', 'dfs'] as const) {
      const r = check(lockOrder(), [], { search });
      const p = r.properties.find((q) => q.name === 'deadlock')!;
      expect(p.verdict).toBe('violated');
      const end = lastState(p.trace!);
      expect(lockOrder().actions.every((a) => !a.enabled(end))).toBe(true);
      if (search === 'bfs') expect(p.trace!.steps).toHaveLength(2);
    }
    expect(check(lockOrder(), [], { deadlock: false }).properties).toEqual([]);
  });

  it('a nondeterministic model fails replay with an error naming the likely cause', () => {
    const m = nondeterministic();
    const x6 = invariant(m, 'x-not-6', ['x'], ([x]) => x !== 6);
    expect(() => check(m, [x6])).toThrow(ReplayError);
    expect(() => check(nondeterministic(), [invariant(m, 'x-not-6', ['x'], ([x]) => x !== 6)])).toThrow(
      /depends on something other than the state/,
    );
  });

  it('replayTrace rejects a step that is not enabled', () => {
    const m = straightLine(2, 2);
    expect(() => replayTrace(m, m.initialStates[0]!, [1])).toThrow(ReplayError);
    expect(replayTrace(m, m.initialStates[0]!, [0, 2, 1]).steps).toHaveLength(3);
  });
});

describe('limits give incomplete, never holds', () => {
  const model = counters(3, 4);
  const fine = invariant(model, 'fine', ['c0'], () => true);

  it('max-states', () => {
    const r = check(model, [fine], { maxStates: 10 });
    expect(r).toMatchObject({ complete: false, stopped: 'max-states' });
    expect(r.stats.states).toBe(10);
    expect(verdicts(r)).toEqual({ fine: 'incomplete', deadlock: 'incomplete' });
  });

  it('max-depth expands nothing beyond the bound, but a bound the space fits in is complete', () => {
    for (const search of ['bfs', 'dfs'] as const) {
      const r = check(counters(2, 3), [], { maxDepth: 2, search });
      expect(r).toMatchObject({ complete: false, stopped: 'max-depth' });
      expect(verdicts(r)).toEqual({ deadlock: 'incomplete' });
      if (search === 'bfs') expect(r.stats.states).toBe(6);
      expect(check(counters(2, 3), [], { maxDepth: 6, search }).complete).toBe(true);
    }
  });

  it('max-seconds, memory and interruption', () => {
    const big = counters(4, 15);
    expect(check(big, [], { maxSeconds: 0 })).toMatchObject({ complete: false, stopped: 'max-seconds' });
    expect(check(big, [], { maxMemoryBytes: 1 })).toMatchObject({ complete: false, stopped: 'memory' });
    const s = createSearch(big, [fine]);
    expect(s.run(0)).toBe(false);
    s.stop('interrupted');
    expect(s.run(10)).toBe(true);
    expect(s.result()).toMatchObject({ complete: false, stopped: 'interrupted' });
    expect(verdicts(s.result())).toEqual({ fine: 'incomplete', deadlock: 'incomplete' });
  });
});

it('calls progress with growing counts', () => {
  const seen: Progress[] = [];
  const r = check(counters(4, 15), [], { progressIntervalMs: 0, onProgress: (p) => seen.push(p) });
  expect(seen.length).toBeGreaterThan(10);
  expect(seen.at(-1)!.states).toBeLessThanOrEqual(r.stats.states);
  expect(seen[1]!.states).toBeGreaterThan(seen[0]!.states);
  expect(seen[0]!.memoryBytes).toBeGreaterThan(0);
});

describe('minimalTrace', () => {
  it('prefers, among shortest traces, the one with the fewest thread switches', () => {
    const m = straightLine(2, 2);
    const bothDone = (s: Readonly<Uint32Array>): boolean => m.layout.get(s, m.layout.field('T0.pc')) === 2 && m.layout.get(s, m.layout.field('T1.pc')) === 2;
    const t = minimalTrace(m, bothDone, { maxDepth: 10 })!;
    expect(t.steps).toHaveLength(4);
    expect(threadSwitches(m, t)).toBe(1);
    expect(minimalTrace(m, bothDone, { maxDepth: 3 })).toBeUndefined();
  });
});
