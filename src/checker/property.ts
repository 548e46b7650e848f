/**
 * What a search checks, as one type: an invariant holds in every reachable state; deadlock freedom
 * says every state without an enabled step is a valid end. Both are decided state by state, which is
 * all the BFS/DFS loop supports; a liveness kind would add a variant here and its own search.
 */
import type { StateVector } from '../model/layout.js';
import type { Model } from '../model/model.js';
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

export type Property = InvariantProperty | DeadlockProperty;

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

/** Whether `s` violates `p` (for replay and polishing; the search loop checks the two kinds inline). */
export function violatesProperty(model: Model, p: Property, s: StateVector): boolean {
  return p.kind === 'invariant' ? !p.invariant.holds(s) : isDeadlocked(model, s);
}
