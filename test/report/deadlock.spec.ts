/**
 * The deadlock counterexample path, which the audit matrix never takes (no deadlock exists at the
 * default bounds): the engine finds it, the CLI's property predicate agrees, the shortest trace replays
 * to a state with no enabled step that is not a valid end, and the text names the property.
 */
import { describe, expect, it } from 'vitest';
import { check, lastState, minimalTrace, replayTrace } from '../../src/checker/index.js';
import { DEADLOCK, ENGINE_DEADLOCK, violates } from '../../src/cli/verify.js';
import { Layout, type StateVector } from '../../src/model/layout.js';
import type { Action, Model } from '../../src/model/model.js';
import { renderTextTrace } from '../../src/report/text-trace.js';
import { DEFAULT_BOUNDS } from '../../src/model/audit/config.js';

/** Two tasks taking two mutexes in opposite order, then releasing both: the textbook ABBA deadlock, 2 steps deep. */
function abba(): Model {
  const layout = new Layout([
    { name: 'mutex_a', bits: 2 }, // 0 free, 1 + owner
    { name: 'mutex_b', bits: 2 },
    { name: 'T0.pc', bits: 2 },
    { name: 'T1.pc', bits: 2 },
  ]);
  const [a, b, pc0, pc1] = ['mutex_a', 'mutex_b', 'T0.pc', 'T1.pc'].map((n) => layout.field(n)) as [
    ReturnType<Layout['field']>, ReturnType<Layout['field']>, ReturnType<Layout['field']>, ReturnType<Layout['field']>,
  ];
  const lock = (t: number, pc: typeof pc0, at: number, m: typeof a, name: string): Action => ({
    name: `T${t}: mutex_lock(${name})`,
    label: 'mutex_lock',
    thread: t,
    footprint: { reads: [pc, m], writes: [pc, m] },
    enabled: (s: StateVector) => layout.get(s, pc) === at && layout.get(s, m) === 0,
    apply: (_s: StateVector, n: Uint32Array) => {
      layout.set(n, m, t + 1);
      layout.set(n, pc, at + 1);
    },
  });
  const unlockBoth = (t: number, pc: typeof pc0): Action => ({
    name: `T${t}: mutex_unlock(A, B)`,
    label: 'mutex_unlock',
    thread: t,
    footprint: { reads: [pc], writes: [pc, a, b] },
    enabled: (s: StateVector) => layout.get(s, pc) === 2,
    apply: (_s: StateVector, n: Uint32Array) => {
      layout.set(n, a, 0);
      layout.set(n, b, 0);
      layout.set(n, pc, 3);
    },
  });
  return {
    name: 'toy/abba',
    layout,
    initialStates: [layout.zero()],
    actions: [
      lock(0, pc0, 0, a, 'A'), lock(0, pc0, 1, b, 'B'), unlockBoth(0, pc0),
      lock(1, pc1, 0, b, 'B'), lock(1, pc1, 1, a, 'A'), unlockBoth(1, pc1),
    ],
    threadNames: ['T0', 'T1'],
    isValidEnd: (s) => layout.get(s, pc0) === 3 && layout.get(s, pc1) === 3,
  };
}

describe('a deadlock counterexample', () => {
  for (const por of [false, true]) {
    it(`is found${por ? ' with POR' : ''}, replays, and reads as a deadlock`, () => {
      const model = abba();
      const result = check(model, [], { por });
      const found = result.properties.find((p) => p.name === ENGINE_DEADLOCK);
      expect(found?.verdict).toBe('violated');
      const trace = minimalTrace(model, (s) => violates(model, undefined, s), { maxDepth: found!.trace!.steps.length });
      expect(trace?.steps.map((s) => model.actions[s.action]!.name).sort()).toEqual(['T0: mutex_lock(A)', 'T1: mutex_lock(B)']);
      const replayed = replayTrace(model, trace!.initial, trace!.steps.map((s) => s.action));
      expect(violates(model, undefined, lastState(replayed))).toBe(true);
      const text = renderTextTrace({
        model,
        trace: replayed,
        property: DEADLOCK,
        variant: 'abba',
        bounds: { ...DEFAULT_BOUNDS },
        knobs: {},
        configuration: [{ key: 'variant', value: 'abba', isDefault: true }],
        minimal: true,
      });
      expect(text).toContain('abba violates deadlock-free');
      expect(text).toContain(DEADLOCK.summary.slice(0, 30));
      // The step that closes the cycle sits in T1's column.
      expect(text).toMatch(/^2 +\| mutex_lock\(B\)$/m);
    });
  }

  it('is not reported when the blocked state is a valid end', () => {
    const model = { ...abba(), isValidEnd: () => true };
    expect(check(model, []).properties.find((p) => p.name === ENGINE_DEADLOCK)?.verdict).toBe('holds');
  });
});
