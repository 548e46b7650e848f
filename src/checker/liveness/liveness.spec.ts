import { describe, expect, it } from 'vitest';
import { straightLine } from '../toy-models.fixture.js';
import { Layout } from '../../model/layout.js';
import type { Model } from '../../model/model.js';
import { replayTrace } from '../trace.js';
import type { Trace } from '../types.js';
import { checkLiveness, createLivenessCheck, lassoProblem } from './index.js';
import { fieldIs, graphModel, liveness, lockStarvation, spinner, stepIs } from './liveness-models.fixture.js';

describe('checkLiveness on toy models with known answers', () => {
  const model = spinner();
  const waiting = { label: 'T1', infinitelyOften: [fieldIs(model, 'done', 0)] };

  it('an unfair cycle (T1 enabled throughout, never steps) holds under fairness for T1', () => {
    const r = checkLiveness(model, [liveness('T1 goes', [waiting], [0, 1]), liveness('T1 goes (T1 fair)', [waiting], [1])]);
    expect(r.complete).toBe(true);
    expect(r.properties.map((p) => p.verdict)).toEqual(['holds', 'holds']);
    expect(r.properties[0]!.fairThreads).toEqual(['T0', 'T1']);
  });

  it('the same cycle is a counterexample without fairness, as a re-checked lasso', () => {
    const r = checkLiveness(model, [liveness('T1 goes', [waiting], []), liveness('T1 goes (T0 fair)', [waiting], [0])]);
    for (const p of r.properties) {
      expect(p.verdict).toBe('violated');
      expect(p.case).toBe('T1');
      const t = p.trace!;
      expect(t.loopStart).toBeDefined();
      expect(t.steps.slice(t.loopStart).every((s) => s.action === 0)).toBe(true);
      expect(t.steps.length).toBeGreaterThan(t.loopStart!);
    }
  });

  it('a fair starvation cycle is violated under weak fairness for every thread', () => {
    const m = lockStarvation();
    const starve = { label: 'T1', infinitelyOften: [fieldIs(m, 'T1.wait', 1)] };
    const r = checkLiveness(m, [liveness('T1 gets the lock', [starve], [0, 1])]);
    const p = r.properties[0]!;
    expect(p.verdict).toBe('violated');
    const cycle = p.trace!.steps.slice(p.trace!.loopStart);
    expect(cycle.map((s) => m.actions[s.action]!.name)).toEqual(['T0: take', 'T0: release']);
    // T1 is disabled while T0 holds the lock: that is what makes the cycle fair to it.
    expect(lassoProblem(m, liveness('x', [starve], [0, 1]), starve, p.trace!)).toBeUndefined();
  });

  it('a never step cuts the cycle: T0 spinning is excluded, so even an unfair check holds', () => {
    const c = { label: 'T1', infinitelyOften: [fieldIs(model, 'done', 0)], never: [stepIs(model, 'T0: spin')] };
    expect(checkLiveness(model, [liveness('p', [c], [])]).properties[0]!.verdict).toBe('holds');
  });

  it('a never state condition removes states from every cycle', () => {
    const c = { label: 'T1', infinitelyOften: [fieldIs(model, 'done', 0)], never: [fieldIs(model, 'x', 1)] };
    expect(checkLiveness(model, [liveness('p', [c], [])]).properties[0]!.verdict).toBe('holds');
  });

  it('within restricts cycles to its states: spinning needs x = 1', () => {
    const x = model.layout.field('x');
    const p = liveness('p', [waiting], [], (s) => model.layout.get(s, x) === 0);
    expect(checkLiveness(model, [p]).properties[0]!.verdict).toBe('holds');
    const q = liveness('q', [waiting], [], () => true);
    expect(checkLiveness(model, [q]).properties[0]!.verdict).toBe('violated');
  });

  it('a step condition must be met on the cycle: T0 spinning is not T1 going', () => {
    const c = { label: 'T1', infinitelyOften: [stepIs(model, 'T1: go')] };
    expect(checkLiveness(model, [liveness('p', [c], [])]).properties[0]!.verdict).toBe('holds');
    const d = { label: 'T0', infinitelyOften: [stepIs(model, 'T0: spin')] };
    expect(checkLiveness(model, [liveness('q', [d], [0, 1])]).properties[0]!.verdict).toBe('violated');
  });

  it('a terminal state is a stutter: fair, meets state conditions, loopStart === steps.length', () => {
    const m = straightLine(1, 2);
    const pc = m.layout.field('T0.pc');
    const stuck = { label: 'T0', infinitelyOften: [{ kind: 'state' as const, label: 'pc<3', holds: (s: Readonly<Uint32Array>) => m.layout.get(s, pc) < 3 }] };
    const r = checkLiveness(m, [liveness('p', [stuck], [0])]);
    const t = r.properties[0]!.trace!;
    expect(r.properties[0]!.verdict).toBe('violated');
    expect(t.steps.length).toBe(2);
    expect(t.loopStart).toBe(2);
    const stepping = { label: 'T0', infinitelyOften: [stepIs(m, 'T0: step0')] };
    expect(checkLiveness(m, [liveness('q', [stepping], [0])]).properties[0]!.verdict).toBe('holds');
  });

  it('the second case is found when the first holds, and the result names it', () => {
    const holdsCase = { label: 'A', infinitelyOften: [stepIs(model, 'T1: go')] };
    const r = checkLiveness(model, [liveness('p', [holdsCase, { ...waiting, label: 'B' }], [])]);
    expect(r.properties[0]!.case).toBe('B');
  });

  it('a lasso prefix is a shortest path to the cycle', () => {
    // 0 -> 1 -> 2 -> 3 <-> 4, and 0 -> 3 directly: the prefix takes the short way.
    const m = graphModel(5, [
      { from: 0, to: 1, thread: 0 },
      { from: 1, to: 2, thread: 0 },
      { from: 2, to: 3, thread: 0 },
      { from: 0, to: 3, thread: 1 },
      { from: 3, to: 4, thread: 0 },
      { from: 4, to: 3, thread: 0 },
    ], 2);
    const c = { label: 'c', infinitelyOften: [fieldIs(m, 's', 4)] };
    const t = checkLiveness(m, [liveness('p', [c], [0])]).properties[0]!.trace!;
    expect(t.loopStart).toBe(1);
    expect(t.steps.map((s) => s.action)).toEqual([3, 4, 5]);
  });
});

describe('checkLiveness on a deep graph', () => {
  it('a ring of 200,000 states: the iterative Tarjan goes 200,000 frames deep, the lasso is the ring', () => {
    const n = 200_000;
    const layout = new Layout([{ name: 'c', bits: 18 }]);
    const c = layout.field('c');
    const ring: Model = {
      name: 'ring',
      layout,
      initialStates: [layout.zero()],
      actions: [{ name: 'T0: inc', thread: 0, footprint: { reads: [c], writes: [c] }, enabled: () => true, apply: (s, next) => layout.set(next, c, (layout.get(s, c) + 1) % n) }],
      threadNames: ['T0'],
    };
    const top = { kind: 'state' as const, label: 'top', holds: (s: Readonly<Uint32Array>) => layout.get(s, c) === n - 1 };
    const r = checkLiveness(ring, [liveness('p', [{ label: 'c', infinitelyOften: [top] }], [0])]);
    expect(r.stats.states).toBe(n);
    expect(r.properties[0]!.trace!.steps.length).toBe(n);
    expect(r.properties[0]!.trace!.loopStart).toBe(0);
  });
});

describe('checkLiveness limits', () => {
  const model = spinner();
  const waiting = { label: 'T1', infinitelyOften: [fieldIs(model, 'done', 1)] };

  it('maxStates: a partial graph without a cycle is incomplete, not holds', () => {
    const r = checkLiveness(model, [liveness('p', [{ label: 'c', infinitelyOften: [stepIs(model, 'T1: go')] }], [])], { maxStates: 2 });
    expect(r.stopped).toBe('max-states');
    expect(r.properties[0]!.verdict).toBe('incomplete');
  });

  it('an aborted signal stops the check as interrupted', () => {
    const ac = new AbortController();
    ac.abort();
    const r = checkLiveness(model, [liveness('p', [waiting], [])], { signal: ac.signal });
    expect(r.stopped).toBe('interrupted');
    expect(r.properties[0]!.verdict).toBe('incomplete');
  });

  it('stop() ends a sliced check; a fresh one runs to the end in slices', () => {
    const c = createLivenessCheck(model, [liveness('p', [waiting], [])]);
    c.stop('max-seconds');
    expect(c.run(10)).toBe(true);
    expect(c.result().properties[0]!.verdict).toBe('incomplete');
    const d = createLivenessCheck(model, [liveness('p', [waiting], [])]);
    while (!d.run(1));
    expect(d.result().properties[0]!.verdict).toBe('violated');
  });

  it('maxMemoryBytes stops the check as memory; progress is reported while it runs', () => {
    const r = checkLiveness(model, [liveness('p', [waiting], [])], { maxMemoryBytes: 10 });
    expect(r.stopped).toBe('memory');
    expect(r.properties[0]!.verdict).toBe('incomplete');
    const seen: number[] = [];
    const phases: string[] = [];
    checkLiveness(model, [liveness('p', [waiting], [])], {
      progressIntervalMs: 0,
      onProgress: (p) => (seen.push(p.states), p.phase !== undefined && phases.push(p.phase)),
    });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.at(-1)).toBe(4);
    // After exploring, progress says the SCC search is running, and for which property.
    expect(phases.length).toBeGreaterThan(0);
    for (const ph of phases) expect(ph).toMatch(/^cycles of p \d+%$/);
  });

  it('a fair thread without actions is a property bug', () => {
    expect(() => checkLiveness(model, [liveness('p', [waiting], [7])])).toThrow(/fair thread 7 is not a thread/);
  });
});

describe('lassoProblem re-checks a lasso on its own', () => {
  const model = spinner();
  const c = { label: 'T1', infinitelyOften: [fieldIs(model, 'done', 0)] };
  const p = liveness('p', [c], []);
  const spin2: Trace = { ...replayTrace(model, model.initialStates[0]!, [0, 0]), loopStart: 0 };

  it('accepts a closing, condition-meeting cycle', () => {
    expect(lassoProblem(model, p, c, spin2)).toBeUndefined();
  });

  it('rejects a cycle that does not close', () => {
    expect(lassoProblem(model, p, c, { ...spin2, loopStart: 1 })).toMatch(/does not close/);
  });

  it('rejects an unfair cycle, a missing loopStart and a fake stutter', () => {
    expect(lassoProblem(model, liveness('p', [c], [1]), c, spin2)).toMatch(/weak fairness of T1/);
    expect(lassoProblem(model, p, c, { initial: spin2.initial, steps: spin2.steps })).toMatch(/loopStart/);
    expect(lassoProblem(model, p, c, { ...spin2, loopStart: 2 })).toMatch(/enabled step/);
  });

  it('rejects a cycle leaving within or taking a never step', () => {
    const x = model.layout.field('x');
    expect(lassoProblem(model, liveness('p', [c], [], (s) => model.layout.get(s, x) === 0), c, spin2)).toMatch(/antecedent/);
    const never = { ...c, never: [stepIs(model, 'T0: spin')] };
    expect(lassoProblem(model, liveness('p', [never], []), never, spin2)).toMatch(/never/);
  });
});
