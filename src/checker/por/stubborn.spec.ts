import { describe, expect, it } from 'vitest';
import { Layout, type FieldId, type StateVector } from '../../model/layout.js';
import type { Action, Model } from '../../model/model.js';
import type { Invariant } from '../../invariants/invariant.js';
import { stubbornSets } from './stubborn.js';
import { referenceSearch } from './reference-search.js';

/** N threads, each counting its own field from 0 to m: (m+1)^N states, nothing shared. */
function counters(threads: number, m: number): Model {
  const layout = new Layout(Array.from({ length: threads }, (_, i) => ({ name: `c${i}`, bits: 4 })));
  const actions: Action[] = Array.from({ length: threads }, (_, i) => {
    const f = i as FieldId;
    return {
      name: `T${i}: inc`,
      label: 'inc',
      thread: i,
      footprint: { reads: [f], writes: [f] },
      enabled: (s: StateVector) => layout.get(s, f) < m,
      apply: (s: StateVector, next: Uint32Array) => layout.set(next, f, layout.get(s, f) + 1),
    };
  });
  return { name: 'counters', layout, initialStates: [layout.zero()], actions, threadNames: actions.map((_, i) => `T${i}`) };
}

/**
 * The ignoring problem: thread A toggles a private bit forever (a cycle of invisible steps); thread B
 * can raise `flag` once. Without the cycle proviso the reduced search loops on A and never runs B.
 */
function ignoring(): { model: Model; flagIsDown: Invariant } {
  const layout = new Layout([{ name: 'A.x', bits: 1 }, { name: 'flag', bits: 1 }]);
  const x = layout.field('A.x');
  const flag = layout.field('flag');
  const actions: Action[] = [
    {
      name: 'A: toggle',
      thread: 0,
      footprint: { reads: [x], writes: [x], guard: [] },
      enabled: () => true,
      apply: (s, next) => layout.set(next, x, 1 - layout.get(s, x)),
    },
    {
      name: 'B: raise',
      thread: 1,
      footprint: { reads: [flag], writes: [flag] },
      enabled: (s) => layout.get(s, flag) === 0,
      apply: (_s, next) => layout.set(next, flag, 1),
    },
  ];
  const model: Model = { name: 'ignoring', layout, initialStates: [layout.zero()], actions, threadNames: ['A', 'B'] };
  return { model, flagIsDown: { name: 'flag-down', summary: 'flag is never raised', reads: [flag], holds: (s) => layout.get(s, flag) === 0 } };
}

describe('stubborn sets', () => {
  it('explores one interleaving of fully independent threads', () => {
    const m = counters(3, 4);
    expect(referenceSearch(m, []).states).toBe(125);
    expect(referenceSearch(m, [], stubbornSets(m, [])).states).toBe(3 * 4 + 1);
  });

  it('never reduces to a set containing a visible step', () => {
    const m = counters(2, 2);
    const c0 = m.layout.field('c0');
    const inv: Invariant = { name: 'c0-small', summary: '', reads: [c0], holds: (s) => m.layout.get(s, c0) < 2 };
    const r = referenceSearch(m, [inv], stubbornSets(m, [inv]));
    expect(r.violations.has('c0-small')).toBe(true);
  });

  for (const order of ['bfs', 'dfs'] as const) {
    it(`needs the cycle proviso to find a violation behind an invisible cycle (${order})`, () => {
      const { model, flagIsDown } = ignoring();
      expect(referenceSearch(model, [flagIsDown], undefined, order).violations.has('flag-down')).toBe(true);
      const sound = referenceSearch(model, [flagIsDown], stubbornSets(model, [flagIsDown]), order);
      expect(sound.violations.has('flag-down')).toBe(true);
      const unsound = referenceSearch(model, [flagIsDown], stubbornSets(model, [flagIsDown], { proviso: false }), order);
      expect(unsound.violations.has('flag-down')).toBe(false);
    });
  }
});
