/**
 * One case of a liveness property as a subgraph of the reachable graph: the states that satisfy
 * `within` and no `never` state condition, and the steps between them that meet no `never` step
 * condition. Cycles of the case live in this subgraph.
 */
import type { StateVector } from '../../model/layout.js';
import type { ActionId, Model } from '../../model/model.js';
import type { CycleCondition, LivenessCase, LivenessProperty } from '../property.js';

type StateCondition = Extract<CycleCondition, { kind: 'state' }>;
type StepCondition = Extract<CycleCondition, { kind: 'step' }>;

export class CaseView {
  private readonly neverStates: readonly StateCondition[];
  private readonly neverSteps: readonly StepCondition[];
  /** Per fair thread (in `property.fairThreads` order), its actions. */
  readonly fairActions: readonly (readonly ActionId[])[];

  constructor(
    readonly model: Model,
    readonly property: LivenessProperty,
    readonly kase: LivenessCase,
  ) {
    const never = kase.never ?? [];
    this.neverStates = never.filter((c): c is StateCondition => c.kind === 'state');
    this.neverSteps = never.filter((c): c is StepCondition => c.kind === 'step');
    this.fairActions = property.fairThreads.map((t) => model.actions.flatMap((a, i) => (a.thread === t ? [i] : [])));
  }

  /** Whether `s` is a state of the subgraph. */
  member(s: StateVector): boolean {
    if (!this.property.within(s)) return false;
    const ns = this.neverStates;
    for (let k = 0; k < ns.length; k++) if (ns[k]!.holds(s)) return false;
    return true;
  }

  /** Whether the step may be on a cycle of this case (its ends are checked by {@link member}). */
  stepAllowed(s: StateVector, action: ActionId, next: StateVector): boolean {
    const ns = this.neverSteps;
    for (let k = 0; k < ns.length; k++) if (ns[k]!.holds(s, action, next)) return false;
    return true;
  }

  /** Whether fair thread number `k` (index into `fairThreads`) has no action enabled in `s`. */
  fairDisabled(k: number, s: StateVector): boolean {
    const acts = this.fairActions[k]!;
    for (let i = 0; i < acts.length; i++) if (this.model.actions[acts[i]!]!.enabled(s)) return false;
    return true;
  }
}

/** Whether no action of the model is enabled in `s`. */
export function isTerminal(model: Model, s: StateVector): boolean {
  for (const a of model.actions) if (a.enabled(s)) return false;
  return true;
}

/**
 * The cases of a property grouped by subgraph: cases whose `never` lists hold the same condition
 * objects in the same order (or are both empty) have the same subgraph, so one SCC decomposition
 * serves them all. Order is kept: groups in order of their first case.
 */
export function caseGroups(cases: readonly LivenessCase[]): LivenessCase[][] {
  const groups: LivenessCase[][] = [];
  const same = (a: readonly CycleCondition[], b: readonly CycleCondition[]): boolean => a.length === b.length && a.every((c, i) => c === b[i]);
  for (const c of cases) {
    const g = groups.find((h) => same(h[0]!.never ?? [], c.never ?? []));
    if (g === undefined) groups.push([c]);
    else g.push(c);
  }
  return groups;
}
