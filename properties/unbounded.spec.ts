/**
 * Unbounded mode on random looping models: a verdict is violated when the threads loop forever
 * exactly when it is violated with some bounded number of iterations per thread.
 *
 * Why the bound K used here is enough: a bounded step is an unbounded step with a counter beside it
 * (unbounded-models.ts), so every bounded run, counters dropped, is an unbounded run of the same
 * length and no bounded k violates what the unbounded model holds. Conversely an unbounded
 * counterexample in which no thread starts more than K iterations is a bounded run at k = K, step
 * for step; so K = the iterations the unbounded shortest counterexample uses suffices, and then the
 * bounded shortest counterexample at K is exactly as long. Deadlock goes one way only: a bounded run
 * can stop because one thread used up its iterations while another waits for it, which an unbounded
 * run never does; an unbounded deadlock is a bounded one at K + 1 (no thread has finished).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FC_SEED } from './seed.js';
import { bruteForceReachable, stateKey, type InvariantSpec, type RandomModel } from './random-model.js';
import { arbLoopingInvariants, arbLoopingSpec, buildLooping, iterationsUsed, loopingInvariants, project, type Iterations, type LoopingSpec } from './unbounded-models.js';
import { check, lastState, replayTrace } from '../src/checker/index.js';
import type { CheckResult, PropertyResult, SearchOrder } from '../src/checker/types.js';
import type { Invariant } from '../src/invariants/invariant.js';

/** Bounds always compared, even when no counterexample asks for more (the holds cases). */
const MIN_K = 3;

interface Built {
  readonly model: RandomModel;
  readonly invariants: Invariant[];
}

function build(spec: LoopingSpec, invSpecs: readonly InvariantSpec[], k: Iterations): Built {
  const model = buildLooping(spec, k);
  return { model, invariants: loopingInvariants(spec, model, invSpecs) };
}

const prop = (r: CheckResult, name: string): PropertyResult => r.properties.find((p) => p.name === name)!;
const violated = (r: CheckResult, name: string): boolean => prop(r, name).verdict === 'violated';
const length = (r: CheckResult, name: string): number => prop(r, name).trace!.steps.length;

/** The bound each property's unbounded counterexample needs to replay bounded (deadlock: one more). */
function neededBounds(u: Built, r: CheckResult): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of r.properties) {
    if (p.trace === undefined) continue;
    const k = Math.max(1, iterationsUsed(u.model, p.trace));
    out.set(p.name, p.name === 'deadlock' ? k + 1 : k);
  }
  return out;
}

/**
 * The unbounded counterexample, by the same action ids, is a run of the model bounded at `k`: it
 * replays there, its states are the bounded ones with the counters dropped, and it ends violating.
 */
function expectLifts(spec: LoopingSpec, u: Built, b: Built, p: PropertyResult): void {
  const trace = p.trace!;
  const init = b.model.initialStates.find((s) => stateKey(project(spec, b.model, u.model, s)) === stateKey(trace.initial))!;
  const lifted = replayTrace(b.model, init, trace.steps.map((s) => s.action));
  lifted.steps.forEach((s, i) => expect(stateKey(project(spec, b.model, u.model, s.state))).toBe(stateKey(trace.steps[i]!.state)));
  const last = lastState(lifted);
  expect(b.invariants.find((x) => x.name === p.name)!.holds(last), `${p.name} at the end of the lifted trace`).toBe(false);
}

/** Every state the bounded model reaches, counters dropped, is one the unbounded model reaches. */
function expectProjectsInto(spec: LoopingSpec, u: Built, b: Built): void {
  const reach = bruteForceReachable(u.model);
  for (const s of bruteForceReachable(b.model).states) expect(reach.index.has(stateKey(project(spec, b.model, u.model, s)))).toBe(true);
}

/** A bounded build and its search, at k = its index. */
type Bounded = readonly { readonly b: Built; readonly r: CheckResult }[];

interface Sample {
  holds: number;
  violated: number;
  deep: number;
  deadlocks: number;
}

/** One invariant's unbounded verdict against the bounded ones at k = 1 .. K (`bounded[k]`). */
function compareInvariant(spec: LoopingSpec, u: Built, ref: CheckResult, bounded: Bounded, name: string, need: number | undefined, seen: Sample): void {
  const K = bounded.length - 1;
  const at = (k: number): boolean => violated(bounded[k]!.r, name);
  for (let k = 1; k <= K; k++) {
    // Monotone: more iterations only add runs.
    if (k < K && at(k)) expect(at(k + 1), `${name} violated at k=${k} but not at k=${k + 1}`).toBe(true);
    if (at(k)) expect(violated(ref, name), `${name} violated at k=${k} but holds unbounded`).toBe(true);
    if (at(k)) expect(length(ref, name), `${name}: unbounded shortest vs k=${k}`).toBeLessThanOrEqual(length(bounded[k]!.r, name));
  }
  if (need === undefined) {
    seen.holds++;
    return;
  }
  seen.violated++;
  if (!at(1)) seen.deep++;
  expect(at(need), `${name} violated unbounded but not at the bound its counterexample needs (k=${need})`).toBe(true);
  // There the bounded shortest counterexample is the unbounded one, and the unbounded trace lifts.
  expect(length(bounded[need]!.r, name)).toBe(length(ref, name));
  expectLifts(spec, u, bounded[need]!.b, prop(ref, name));
}

/** The unbounded verdicts against bounded runs at k = 1 .. K; counts what the sample covered. */
function compare(spec: LoopingSpec, invSpecs: readonly InvariantSpec[], porSearch: SearchOrder, seen: Sample): void {
  const u = build(spec, invSpecs, 'unbounded');
  const ref = check(u.model, u.invariants, {});
  // Other searches of the cyclic graph: the same verdicts as plain BFS. POR without deadlock
  // detection reduces the most, so there invisible cycles test its cycle proviso.
  const verdicts = (r: CheckResult) => u.invariants.map((i) => prop(r, i.name).verdict);
  expect(verdicts(check(u.model, u.invariants, { search: 'dfs' }))).toEqual(verdicts(ref));
  expect(verdicts(check(u.model, u.invariants, { search: porSearch, por: true, deadlock: false }))).toEqual(verdicts(ref));
  const needed = neededBounds(u, ref);
  const K = Math.max(MIN_K, ...needed.values());
  const bounded: { b: Built; r: CheckResult }[] = [];
  for (let k = 1; k <= K; k++) {
    const b = build(spec, invSpecs, k);
    bounded[k] = { b, r: check(b.model, b.invariants, {}) };
  }
  expectProjectsInto(spec, u, bounded[K]!.b);
  for (const inv of u.invariants) compareInvariant(spec, u, ref, bounded, inv.name, needed.get(inv.name), seen);
  const deadlock = needed.get('deadlock');
  if (deadlock !== undefined) {
    seen.deadlocks++;
    expect(violated(bounded[deadlock]!.r, 'deadlock'), `unbounded deadlock, none bounded at k=${deadlock}`).toBe(true);
  }
}

describe(`unbounded mode on random looping models (seed ${FC_SEED})`, () => {
  // Fails if a search mishandles cycles (a revisited state on the stack, POR's cycle proviso), or if
  // a counterexample needs a different bound than the one it uses.
  it('violated unbounded ⇔ violated at some bounded k ≤ K; monotone in k; unbounded shortest ≤ bounded', () => {
    const seen: Sample = { holds: 0, violated: 0, deep: 0, deadlocks: 0 };
    fc.assert(
      fc.property(
        arbLoopingSpec(),
        arbLoopingInvariants(),
        fc.constantFrom<SearchOrder>('bfs', 'dfs'),
        (spec, invSpecs, porSearch) => compare(spec, invSpecs, porSearch, seen),
      ),
      { numRuns: 300 },
    );
    // Not vacuous: both verdicts occur, some violations need a second iteration, some runs deadlock.
    expect(seen.holds).toBeGreaterThan(0);
    expect(seen.violated).toBeGreaterThan(0);
    expect(seen.deep).toBeGreaterThan(0);
    expect(seen.deadlocks).toBeGreaterThan(0);
  });
});
