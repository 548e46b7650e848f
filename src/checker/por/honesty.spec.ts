import { describe, expect, it } from 'vitest';
import { Layout, type FieldId } from '../../model/layout.js';
import type { Action, Model } from '../../model/model.js';
import type { Invariant } from '../../invariants/invariant.js';
import { commuteProblems, footprintProblems, randomReachable, rngFrom } from './honesty.js';

/** Two threads over x, y, z (2 bits each); `lie` picks which declaration is a lie. */
function model(lie: 'none' | 'write' | 'guard' | 'effect'): Model {
  const layout = new Layout([{ name: 'x', bits: 2 }, { name: 'y', bits: 2 }, { name: 'z', bits: 2 }]);
  const [x, y, z] = [layout.field('x'), layout.field('y'), layout.field('z')];
  const get = (s: Readonly<Uint32Array>, f: FieldId) => layout.get(s, f);
  const a: Action = {
    name: 'A: x++',
    thread: 0,
    footprint: { reads: [x], writes: [x], guard: [x] },
    enabled: (s) => get(s, x) < 3 && (lie !== 'guard' || get(s, z) === 0),
    apply: (s, next) => {
      // the lying effect also reads y
      layout.set(next, x, lie === 'effect' ? Math.min(3, Math.max(get(s, x), get(s, y)) + 1) : get(s, x) + 1);
      if (lie === 'write') layout.set(next, y, (get(s, y) + 1) & 3);
    },
  };
  const b: Action = {
    name: 'B: y++',
    thread: 1,
    footprint: { reads: [y], writes: [y], guard: [y] },
    enabled: (s) => get(s, y) < 3,
    apply: (s, next) => layout.set(next, y, get(s, y) + 1),
  };
  const c: Action = {
    name: 'C: z := 1',
    thread: 2,
    footprint: { reads: [], writes: [z], guard: [] },
    enabled: () => true,
    apply: (_s, next) => layout.set(next, z, 1),
  };
  return { name: `liar-${lie}`, layout, initialStates: [layout.zero()], actions: [a, b, c], threadNames: ['A', 'B', 'C'] };
}

const states = (m: Model) => randomReachable(m, 30, 8, rngFrom(7));

describe('footprint honesty checks', () => {
  it('find nothing wrong with an honest model', () => {
    const m = model('none');
    expect(footprintProblems(m, states(m), rngFrom(1))).toEqual([]);
    expect(commuteProblems(m, states(m))).toEqual([]);
  });

  it('catch an undeclared write, and the broken commutation it causes', () => {
    const m = model('write');
    expect(footprintProblems(m, states(m), rngFrom(1))).toContainEqual(expect.stringMatching(/^A: x\+\+: writes y \(\d → \d\) but does not declare it$/));
    expect(commuteProblems(m, states(m))).toContainEqual(expect.stringMatching(/A: x\+\+ and B: y\+\+ do not commute|disables/));
  });

  it('catch a guard reading an undeclared field, naming it', () => {
    const m = model('guard');
    expect(footprintProblems(m, states(m), rngFrom(1))).toContainEqual(expect.stringMatching(/^A: x\+\+: guard reads z without declaring it/));
    expect(commuteProblems(m, states(m))).toContainEqual('C: z := 1 disables A: x++, yet they are declared independent');
  });

  it('catch an effect reading an undeclared field, naming it', () => {
    const m = model('effect');
    expect(footprintProblems(m, states(m), rngFrom(1))).toContainEqual('A: x++: effect reads y without declaring it');
  });

  it('catch an invariant reading an undeclared field', () => {
    const m = model('none');
    const inv: Invariant = { name: 'x-le-y', summary: '', reads: [0 as FieldId], holds: (s) => m.layout.get(s, 0 as FieldId) <= m.layout.get(s, 1 as FieldId) };
    expect(footprintProblems(m, states(m), rngFrom(1), [inv])).toContainEqual('invariant x-le-y: reads y without declaring it');
  });
});
