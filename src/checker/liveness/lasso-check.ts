/**
 * Re-checking a lasso on its own, from the states of a replayed run: nothing here trusts the search.
 * Used on every lasso the check returns and on every lasso replayed from a file.
 */
import type { StateVector } from '../../model/layout.js';
import type { Model } from '../../model/model.js';
import type { LivenessCase, LivenessProperty } from '../property.js';
import type { Trace } from '../types.js';
import { CaseView, isTerminal } from './case-view.js';

/**
 * Whether obligation `k` of `view`'s case (its `infinitelyOften` conditions, then its fair threads)
 * is met by the cycle through `states` (states[i] --actions[i]--> states[i + 1]).
 */
export function obligationMet(view: CaseView, k: number, states: readonly StateVector[], actions: readonly number[]): boolean {
  const conds = view.kase.infinitelyOften;
  if (k < conds.length) {
    const c = conds[k]!;
    if (c.kind === 'state') return states.some((s) => c.holds(s));
    return actions.some((a, i) => c.holds(states[i]!, a, states[i + 1]!));
  }
  const f = k - conds.length;
  const thread = view.property.fairThreads[f]!;
  return actions.some((a) => view.model.actions[a]!.thread === thread) || states.some((s) => view.fairDisabled(f, s));
}

/** The name of obligation `k`, for messages. */
export function obligationName(model: Model, view: CaseView, k: number): string {
  const conds = view.kase.infinitelyOften;
  if (k < conds.length) return `'${conds[k]!.label}'`;
  const t = view.property.fairThreads[k - conds.length]!;
  return `weak fairness of ${model.threadNames[t] ?? `thread ${t}`}`;
}

function sameState(a: StateVector, b: StateVector): boolean {
  return a.length === b.length && a.every((w, i) => w === b[i]);
}

/**
 * Why `trace` is not a counterexample to case `kase` of `property` on `model`, or undefined when it
 * is one: its cycle closes, stays in `within`, avoids `never`, meets every `infinitelyOften`
 * condition and is weakly fair (see {@link LivenessProperty}). The trace's steps must be the model's
 * run (replay it first); its states are the ones checked.
 */
export function lassoProblem(model: Model, property: LivenessProperty, kase: LivenessCase, trace: Trace): string | undefined {
  const start = trace.loopStart;
  const n = trace.steps.length;
  if (start === undefined || !Number.isInteger(start) || start < 0 || start > n) return `loopStart ${String(start)} is not a step index 0..${n}`;
  const states = [trace.initial, ...trace.steps.map((s) => s.state)];
  const actions = trace.steps.map((s) => s.action);
  if (!sameState(states[start]!, states[n]!)) return `the final state is not the state before step ${start + 1}: the cycle does not close`;
  if (start === n && !isTerminal(model, states[n]!)) return 'the run ends in a state with an enabled step, so it does not stutter there';
  const view = new CaseView(model, property, kase);
  const cycleStates = states.slice(start);
  const cycleActions = actions.slice(start);
  for (let i = 0; i < cycleStates.length; i++) {
    if (!view.member(cycleStates[i]!)) {
      return `${i + start === 0 ? 'the initial state' : `the state after step ${i + start}`} is outside ${property.name}'s antecedent or meets a 'never' condition`;
    }
  }
  for (let i = 0; i < cycleActions.length; i++) {
    if (!view.stepAllowed(cycleStates[i]!, cycleActions[i]!, cycleStates[i + 1]!)) return `step ${start + i + 1} meets a 'never' condition`;
  }
  const total = kase.infinitelyOften.length + property.fairThreads.length;
  for (let k = 0; k < total; k++) {
    if (!obligationMet(view, k, cycleStates, cycleActions)) return `the cycle does not meet ${obligationName(model, view, k)}`;
  }
  return undefined;
}
