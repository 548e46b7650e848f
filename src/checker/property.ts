/**
 * What a search checks, as one type: an invariant holds in every reachable state; deadlock freedom
 * says every state without an enabled step is a valid end. Both are decided state by state, which is
 * all the BFS/DFS loop supports. A liveness property is decided on cycles of the whole reachable graph
 * by its own check (src/checker/liveness).
 */
import type { StateVector } from '../model/layout.js';
import type { ActionId, Model } from '../model/model.js';
import type { Invariant } from '../invariants/invariant.js';

export interface InvariantProperty {
  readonly kind: 'invariant';
  readonly name: string;
  readonly summary: string;
  readonly invariant: Invariant;
}

export interface DeadlockProperty {
  readonly kind: 'deadlock';
  readonly name: 'deadlock';
  readonly summary: string;
}

/** A condition a lasso's cycle meets in one of its states, or in one of its steps. */
export type CycleCondition =
  | { readonly kind: 'state'; readonly label: string; holds(s: StateVector): boolean }
  | { readonly kind: 'step'; readonly label: string; holds(s: StateVector, action: ActionId, next: StateVector): boolean };

/** One way the property can fail, e.g. one per task; each case is decided on its own. */
export interface LivenessCase {
  /** e.g. `T1`. */
  readonly label: string;
  /** Each must be met somewhere on the cycle (a state of it, or a step of it). */
  readonly infinitelyOften: readonly CycleCondition[];
  /** Steps the cycle may not contain (e.g. the slow path); state conditions exclude states. */
  readonly never?: readonly CycleCondition[];
}

/**
 * A liveness property under weak fairness, stated by its counterexamples: it is violated iff, for some
 * case, there is a reachable cycle
 * - whose every state satisfies `within` (the antecedent "from some point on"),
 * - that contains no state or step meeting a `never` condition,
 * - that meets every `infinitelyOften` condition in some state or step of it, and
 * - that is weakly fair: every thread of `fairThreads` takes a step on the cycle, or has no action
 *   enabled (in the full model) in some state of the cycle. Other threads (the environment) may stop.
 *
 * A terminal state (no action of the model enabled) is a cycle of no steps (stuttering): it is fair,
 * since every thread is disabled there, it meets state conditions only, and it is a counterexample
 * when it satisfies `within`, no `never` state condition, and every `infinitelyOften` condition is a
 * state condition it meets. So "T eventually does X" fails in a terminal state where T has not.
 */
export interface LivenessProperty {
  readonly kind: 'liveness';
  readonly name: string;
  readonly summary: string;
  within(s: StateVector): boolean;
  readonly cases: readonly LivenessCase[];
  /** Threads ({@link Action.thread}) under weak fairness; others (e.g. auditctl) are not. */
  readonly fairThreads: readonly number[];
  /**
   * What every verdict of it says nothing of in this configuration (e.g. a case that holds
   * vacuously), said with the verdict: `T2: it makes 0 syscalls`.
   */
  readonly caveat?: string;
}

export type Property = InvariantProperty | DeadlockProperty | LivenessProperty;

/** The properties a state-by-state search decides. */
export type SafetyProperty = InvariantProperty | DeadlockProperty;

/** The engine's own property. */
export const DEADLOCK_PROPERTY: DeadlockProperty = {
  kind: 'deadlock',
  name: 'deadlock',
  summary: 'some state has no enabled step although not every actor has finished',
};

export function invariantProperty(invariant: Invariant): InvariantProperty {
  return { kind: 'invariant', name: invariant.name, summary: invariant.summary, invariant };
}

/** The invariants in order, then deadlock when asked for: the order of a result's properties. */
export function propertiesFor(invariants: readonly Invariant[], deadlock: boolean): Property[] {
  const out: Property[] = invariants.map(invariantProperty);
  if (deadlock) out.push(DEADLOCK_PROPERTY);
  return out;
}

/** No step is enabled in `s` and the model says `s` is not a valid end. */
export function isDeadlocked(model: Model, s: StateVector): boolean {
  return model.isValidEnd !== undefined && model.actions.every((a) => !a.enabled(s)) && !model.isValidEnd(s);
}

/**
 * Whether `s` violates `p` (for replay and polishing; the search loop checks the two kinds inline).
 * A liveness property is not violated by a state: asking is a bug.
 */
export function violatesProperty(model: Model, p: Property, s: StateVector): boolean {
  if (p.kind === 'liveness') throw new Error(`engine: ${p.name} is a liveness property, decided on cycles, not states`);
  return p.kind === 'invariant' ? !p.invariant.holds(s) : isDeadlocked(model, s);
}
