import { describe, expect, it } from 'vitest';
import { Layout, type FieldId, type StateVector } from '../../model/layout.js';
import type { Action, Model } from '../../model/model.js';
import { explainPor } from './explain.js';

/** Two threads each step their own pc; `bump` also writes the shared `n`, `peek` reads it. */
function model(): Model {
  const layout = new Layout([{ name: 'T0.pc', bits: 1 }, { name: 'T1.pc', bits: 1 }, { name: 'n', bits: 2 }]);
  const n = layout.field('n');
  const step = (t: number, label: string, extra: { reads: FieldId[]; writes: FieldId[] }): Action => {
    const pc = layout.field(`T${t}.pc`);
    return {
      name: `T${t}: ${label}`,
      label,
      thread: t,
      footprint: { reads: [pc, ...extra.reads], writes: [pc, ...extra.writes], guard: [pc] },
      enabled: (s: StateVector) => layout.get(s, pc) === 0,
      apply: (_s: StateVector, next: Uint32Array) => layout.set(next, pc, 1),
    };
  };
  const actions = [0, 1].flatMap((t) => [step(t, 'bump', { reads: [n], writes: [n] }), step(t, 'peek', { reads: [n], writes: [] })]);
  return { name: 'toy', layout, initialStates: [layout.zero()], actions, threadNames: ['T0', 'T1'] };
}

describe('explainPor', () => {
  it('groups by label, folds thread numbers in field names and names the conflicting fields', () => {
    const m = model();
    const text = explainPor(m, [{ name: 'n-small', summary: '', reads: [m.layout.field('n')], holds: () => true }]);
    expect(text).toContain('4 actions of 2 kinds on 2 threads');
    expect(text).toMatch(/bump: writes n \(read by n-small\)/);
    expect(text).toMatch(/bump ~ bump: all pairs dependent \(r<w n, w\/w n, w>r n\)/);
    expect(text).toMatch(/bump ~ peek: all pairs dependent \(w>r n\)/);
    expect(text).toMatch(/Independent kinds across threads[^\n]*\n {2}peek ~ peek\n/);
    expect(text).not.toContain('T0.pc');
  });
});
