/**
 * Toy models for engine tests, with state counts known in closed form (stateright's `test_util`).
 * Not audit: the engine's tests never depend on the protocol.
 */
import { Layout, type FieldId, type StateVector } from '../model/layout.js';
import type { Action, Model } from '../model/model.js';
import type { Invariant } from '../invariants/invariant.js';

function bitsFor(max: number): number {
  return Math.max(1, 32 - Math.clz32(max));
}

/** N threads, thread i counts its own field from 0 to k: (k+1)^N states, N·k·(k+1)^(N-1) transitions. */
export function counters(n: number, k: number, opts: { wide?: boolean } = {}): Model {
  const specs = Array.from({ length: n }, (_, i) => ({ name: `c${i}`, bits: bitsFor(k) }));
  // `wide` puts a 31-bit constant in front, so each counter lands in a later word.
  const layout = new Layout(opts.wide === true ? [{ name: 'pad', bits: 31 }, ...specs] : specs);
  const fields = specs.map((s) => layout.field(s.name));
  const actions: Action[] = fields.map((f, i) => ({
    name: `T${i}: inc`,
    thread: i,
    footprint: { reads: [f], writes: [f] },
    enabled: (s: StateVector) => layout.get(s, f) < k,
    apply: (s: StateVector, next: Uint32Array) => layout.set(next, f, layout.get(s, f) + 1),
  }));
  return {
    name: `counters-${n}-${k}`,
    layout,
    initialStates: [layout.zero()],
    actions,
    threadNames: fields.map((_, i) => `T${i}`),
    isValidEnd: () => true,
  };
}

/** A field of a model by name (tests). */
export function fieldOf(model: Model, name: string): FieldId {
  return model.layout.field(name);
}

/** An invariant over named fields (tests). */
export function invariant(model: Model, name: string, fields: readonly string[], holds: (values: number[]) => boolean): Invariant {
  const ids = fields.map((f) => model.layout.field(f));
  return {
    name,
    summary: name,
    reads: ids,
    holds: (s) => holds(ids.map((id) => model.layout.get(s, id))),
  };
}

/** N threads of m straight-line steps each (one action per step, guarded by the pc): (m+1)^N states. */
export function straightLine(n: number, m: number): Model {
  const layout = new Layout(Array.from({ length: n }, (_, i) => ({ name: `T${i}.pc`, bits: bitsFor(m) })));
  const actions: Action[] = [];
  for (let t = 0; t < n; t++) {
    const pc = layout.field(`T${t}.pc`);
    for (let j = 0; j < m; j++) {
      actions.push({
        name: `T${t}: step${j}`,
        thread: t,
        footprint: { reads: [pc], writes: [pc] },
        enabled: (s) => layout.get(s, pc) === j,
        apply: (_s, next) => layout.set(next, pc, j + 1),
      });
    }
  }
  return { name: `straight-${n}-${m}`, layout, initialStates: [layout.zero()], actions, threadNames: Array.from({ length: n }, (_, t) => `T${t}`) };
}

/**
 * Two threads take locks A and B in opposite orders, then release both: the classic deadlock.
 * A valid end is both threads done (pc = 3).
 */
export function lockOrder(): Model {
  const layout = new Layout([
    { name: 'A', bits: 2 },
    { name: 'B', bits: 2 },
    { name: 'T0.pc', bits: 2 },
    { name: 'T1.pc', bits: 2 },
  ]);
  const lock = [layout.field('A'), layout.field('B')] as const;
  const actions: Action[] = [];
  for (let t = 0; t < 2; t++) {
    const pc = layout.field(`T${t}.pc`);
    const first = lock[t]!;
    const second = lock[1 - t]!;
    const take = (j: number, l: FieldId): Action => ({
      name: `T${t}: take ${layout.fields[l]!.name}`,
      thread: t,
      footprint: { reads: [pc, l], writes: [pc, l] },
      enabled: (s) => layout.get(s, pc) === j && layout.get(s, l) === 0,
      apply: (_s, next) => {
        layout.set(next, l, t + 1);
        layout.set(next, pc, j + 1);
      },
    });
    actions.push(take(0, first), take(1, second), {
      name: `T${t}: release`,
      thread: t,
      footprint: { reads: [pc], writes: [pc, first, second] },
      enabled: (s) => layout.get(s, pc) === 2,
      apply: (_s, next) => {
        layout.set(next, first, 0);
        layout.set(next, second, 0);
        layout.set(next, pc, 3);
      },
    });
  }
  const pcs = [layout.field('T0.pc'), layout.field('T1.pc')];
  return {
    name: 'lock-order',
    layout,
    initialStates: [layout.zero()],
    actions,
    threadNames: ['T0', 'T1'],
    isValidEnd: (s) => pcs.every((pc) => layout.get(s, pc) === 3),
  };
}

/** A model whose effect depends on a hidden counter, not on the state: replay must catch it. */
export function nondeterministic(): Model {
  const layout = new Layout([{ name: 'x', bits: 4 }]);
  const x = layout.field('x');
  let calls = 0;
  return {
    name: 'nondeterministic',
    layout,
    initialStates: [layout.zero()],
    actions: [
      {
        name: 'T0: bump',
        thread: 0,
        footprint: { reads: [x], writes: [x] },
        enabled: (s) => layout.get(s, x) < 3,
        apply: (s, next) => layout.set(next, x, Math.min(15, layout.get(s, x) + 1 + (calls++ % 3) * 4)),
      },
    ],
    threadNames: ['T0'],
  };
}
