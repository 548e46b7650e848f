import { describe, expect, it } from 'vitest';
import { Layout, type FieldId, type StateVector } from '../../model/layout.js';
import type { Action, Model } from '../../model/model.js';
import { porBlockers } from './blockers.js';
import { randomReachable, rngFrom } from './honesty.js';

/** Threads T0, T1 count their own field; with `shared`, each step also increments the shared `n`. */
function model(shared: boolean): Model {
  const layout = new Layout([{ name: 'T0.c', bits: 2 }, { name: 'T1.c', bits: 2 }, { name: 'n', bits: 3 }]);
  const n = layout.field('n');
  const actions: Action[] = [0, 1].map((t) => {
    const c = layout.field(`T${t}.c`);
    const extra: FieldId[] = shared ? [n] : [];
    return {
      name: `T${t}: step`,
      label: 'step',
      thread: t,
      footprint: { reads: [c, ...extra], writes: [c, ...extra], guard: [c] },
      enabled: (s: StateVector) => layout.get(s, c) < 3,
      apply: (s: StateVector, next: Uint32Array) => {
        layout.set(next, c, layout.get(s, c) + 1);
        if (shared) layout.set(next, n, layout.get(s, n) + 1);
      },
    };
  });
  return { name: 'toy', layout, initialStates: [layout.zero()], actions, threadNames: ['T0', 'T1'] };
}

describe('porBlockers', () => {
  it('finds nothing blocking when threads share nothing', () => {
    const m = model(false);
    const b = porBlockers(m, [], randomReachable(m, 10, 6, rngFrom(1)));
    expect(b.seeds).toBeGreaterThan(0);
    expect(b.alone).toBe(b.seeds);
    expect(b.edges).toEqual([]);
  });

  it('names the shared field that ties two steps together, with thread numbers folded', () => {
    const m = model(true);
    const b = porBlockers(m, [], randomReachable(m, 10, 6, rngFrom(1)));
    expect(b.alone).toBe(0);
    expect(b.edges.map((e) => e.edge)).toEqual(['step -shares n-> step']);
  });

  it('counts visible seeds by kind', () => {
    const m = model(false);
    const inv = { name: 'c0', summary: '', reads: [m.layout.field('T0.c')], holds: () => true };
    const b = porBlockers(m, [inv], randomReachable(m, 10, 6, rngFrom(1)));
    expect(b.visible.get('step')).toBeGreaterThan(0);
  });
});
