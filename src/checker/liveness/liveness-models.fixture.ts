/**
 * Toy models and properties for liveness tests, each with a known answer. Not audit: the engine's
 * tests never depend on the protocol.
 */
import { Layout } from '../../model/layout.js';
import type { Action, Model } from '../../model/model.js';
import type { CycleCondition, LivenessCase, LivenessProperty } from '../property.js';

/**
 * T0 spins forever (flips `x`); T1 can `go` once (sets `done`), enabled until it has. The cycle of T0
 * spinning with done = 0 is unfair to T1, which is enabled in every state of it.
 */
export function spinner(): Model {
  const layout = new Layout([
    { name: 'x', bits: 1 },
    { name: 'done', bits: 1 },
  ]);
  const x = layout.field('x');
  const done = layout.field('done');
  const actions: Action[] = [
    { name: 'T0: spin', thread: 0, footprint: { reads: [x], writes: [x] }, enabled: () => true, apply: (s, n) => layout.set(n, x, 1 - layout.get(s, x)) },
    { name: 'T1: go', thread: 1, footprint: { reads: [done], writes: [done] }, enabled: (s) => layout.get(s, done) === 0, apply: (_s, n) => layout.set(n, done, 1) },
  ];
  return { name: 'spinner', layout, initialStates: [layout.zero()], actions, threadNames: ['T0', 'T1'] };
}

/**
 * T0 takes and releases a lock forever; T1 waits for it (`wait` = 1) and takes it once free. Under
 * weak fairness T1 can still starve: it is disabled whenever T0 holds the lock.
 */
export function lockStarvation(): Model {
  const layout = new Layout([
    { name: 'lock', bits: 2 },
    { name: 'T1.wait', bits: 1 },
  ]);
  const lock = layout.field('lock');
  const wait = layout.field('T1.wait');
  const actions: Action[] = [
    { name: 'T0: take', thread: 0, footprint: { reads: [lock], writes: [lock] }, enabled: (s) => layout.get(s, lock) === 0, apply: (_s, n) => layout.set(n, lock, 1) },
    { name: 'T0: release', thread: 0, footprint: { reads: [lock], writes: [lock] }, enabled: (s) => layout.get(s, lock) === 1, apply: (_s, n) => layout.set(n, lock, 0) },
    {
      name: 'T1: take',
      thread: 1,
      footprint: { reads: [lock, wait], writes: [lock, wait] },
      enabled: (s) => layout.get(s, lock) === 0 && layout.get(s, wait) === 1,
      apply: (_s, n) => {
        layout.set(n, lock, 2);
        layout.set(n, wait, 0);
      },
    },
    { name: 'T1: release', thread: 1, footprint: { reads: [lock], writes: [lock, wait] }, enabled: (s) => layout.get(s, lock) === 2, apply: (_s, n) => {
      layout.set(n, lock, 0);
      layout.set(n, wait, 1);
    } },
  ];
  return { name: 'lock-starvation', layout, initialStates: [layout.with(layout.zero(), wait, 1)], actions, threadNames: ['T0', 'T1'] };
}

/** A state condition on one field's value. */
export function fieldIs(model: Model, field: string, value: number, label = `${field}=${value}`): CycleCondition {
  const f = model.layout.field(field);
  return { kind: 'state', label, holds: (s) => model.layout.get(s, f) === value };
}

/** A step condition: the step is action `name`. */
export function stepIs(model: Model, name: string): CycleCondition {
  const id = model.actions.findIndex((a) => a.name === name);
  if (id < 0) throw new RangeError(`no action ${name}`);
  return { kind: 'step', label: name, holds: (_s, a) => a === id };
}

export function liveness(
  name: string,
  cases: readonly LivenessCase[],
  fairThreads: readonly number[],
  within: (s: Uint32Array | Readonly<Uint32Array>) => boolean = () => true,
): LivenessProperty {
  return { kind: 'liveness', name, summary: name, within, cases, fairThreads };
}

/** One edge of a {@link graphModel}: the action `thread` takes from state `from` to `to`. */
export interface Edge {
  readonly from: number;
  readonly to: number;
  readonly thread: number;
}

/** A model whose states are 0 .. n-1 (field `s`, initial 0) and whose actions are the given edges. */
export function graphModel(n: number, edges: readonly Edge[], threads: number): Model {
  const layout = new Layout([{ name: 's', bits: Math.max(1, 32 - Math.clz32(n - 1)) }]);
  const s = layout.field('s');
  const actions: Action[] = edges.map((e, i) => ({
    name: `T${e.thread}: e${i} ${e.from}->${e.to}`,
    thread: e.thread,
    footprint: { reads: [s], writes: [s] },
    enabled: (v) => layout.get(v, s) === e.from,
    apply: (_v, next) => layout.set(next, s, e.to),
  }));
  return { name: `graph-${n}`, layout, initialStates: [layout.zero()], actions, threadNames: Array.from({ length: threads }, (_, t) => `T${t}`) };
}
