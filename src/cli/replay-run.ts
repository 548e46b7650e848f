/**
 * Replays a saved trace step by step on a model, by step name. With `compare`, every state the model
 * reaches must equal the file's, field by field (an edited file is a mismatch, not a note); without it
 * (another variant or other knobs), the first step that cannot happen is reported with its guard.
 * Generic: nothing here knows the audit protocol.
 */
import type { Trace, TraceStep } from '../checker/types.js';
import type { LivenessProperty } from '../checker/property.js';
import { lassoProblem } from '../checker/liveness/index.js';
import type { StateVector } from '../model/layout.js';
import type { Model } from '../model/model.js';

/** Why a well-formed trace no longer replays; exit status 1. */
export class NoLongerReplays extends Error {}

export interface SavedStep {
  readonly action: string;
  readonly state: Readonly<Record<string, number>>;
}

export type ReplayOutcome =
  /** Every step ran; `trace` is the model's run. */
  | { readonly kind: 'ran'; readonly trace: Trace }
  /** Step `step` (1-based; 0 for the initial state) could not be replayed; `trace` is the run before it. */
  | { readonly kind: 'stopped'; readonly step: number; readonly reason: string; readonly trace: Trace };

/** `name=value` of the first field where `state` and `saved` differ, as a sentence, or undefined. */
function firstDifference(model: Model, state: StateVector, saved: Readonly<Record<string, number>>): string | undefined {
  for (const f of model.layout.fields) {
    const now = model.layout.get(state, f.id);
    const then = saved[f.name];
    if (then !== now) return `${f.name} is ${now} in the model, ${then === undefined ? 'missing' : then} in the file`;
  }
  const extra = Object.keys(saved).find((k) => !model.layout.fields.some((f) => f.name === k));
  return extra === undefined ? undefined : `the file has a field ${extra} the model does not`;
}

/** The initial state to replay from: the one equal to the file's, else (not comparing) the first. */
function initialFor(model: Model, saved: Readonly<Record<string, number>>, compare: boolean): StateVector | string {
  const equal = model.initialStates.find((s) => firstDifference(model, s, saved) === undefined);
  if (equal !== undefined) return equal;
  const first = model.initialStates[0];
  if (first === undefined) return 'the model has no initial state';
  if (!compare) return first;
  return `its initial state is not the model's: ${firstDifference(model, first, saved)!}`;
}

/** Why `action` cannot run in `s`: its guard's fields with their values, and how the file's differ. */
function guardReason(model: Model, id: number, s: StateVector, saved: Readonly<Record<string, number>> | undefined): string {
  const a = model.actions[id]!;
  const fields = a.footprint.guard ?? a.footprint.reads;
  const values = fields.map((f) => {
    const field = model.layout.fields[f]!;
    const now = model.layout.get(s, f);
    const then = saved?.[field.name];
    return then === undefined || then === now ? `${field.name}=${now}` : `${field.name}=${now} (the trace had ${then})`;
  });
  return `its guard is false here; the guard reads ${values.join(', ')}`;
}

/** `; T1 can do instead: a, b` — the enabled steps of the same thread (the name before `: `). */
function instead(model: Model, s: StateVector, name: string): string {
  const colon = name.indexOf(': ');
  if (colon < 0) return '';
  const who = name.slice(0, colon + 2);
  const options = model.actions.filter((a) => a.name.startsWith(who) && a.enabled(s)).map((a) => a.name.slice(colon + 2));
  return options.length === 0 ? `; ${who.slice(0, -2)} has no step enabled there` : `; ${who.slice(0, -2)} can do instead: ${options.join(', ')}`;
}

/**
 * Replays `steps` from `initial` on `model`. `compare`: every state must equal the file's.
 */
export function replaySaved(
  model: Model,
  initial: Readonly<Record<string, number>>,
  steps: readonly SavedStep[],
  compare: boolean,
): ReplayOutcome {
  const start = initialFor(model, initial, compare);
  const empty = (s: StateVector): Trace => ({ initial: s, steps: [] });
  if (typeof start === 'string') return { kind: 'stopped', step: 0, reason: start, trace: empty(model.layout.zero()) };
  const done: TraceStep[] = [];
  let s: StateVector = start;
  const prefix = (): Trace => ({ initial: start, steps: [...done] });
  for (const [i, saved] of steps.entries()) {
    const id = model.actions.findIndex((a) => a.name === saved.action);
    if (id < 0) return { kind: 'stopped', step: i + 1, reason: `the model has no step "${saved.action}"${instead(model, s, saved.action)}`, trace: prefix() };
    const action = model.actions[id]!;
    if (!action.enabled(s)) {
      const before = i === 0 ? initial : steps[i - 1]!.state;
      return { kind: 'stopped', step: i + 1, reason: `${saved.action} cannot happen: ${guardReason(model, id, s, before)}`, trace: prefix() };
    }
    const next = Uint32Array.from(s);
    action.apply(s, next);
    if (compare) {
      const diff = firstDifference(model, next, saved.state);
      if (diff !== undefined) return { kind: 'stopped', step: i + 1, reason: `after ${saved.action}, ${diff}`, trace: prefix() };
    }
    done.push({ action: id, state: next });
    s = next;
  }
  return { kind: 'ran', trace: prefix() };
}

/**
 * Replays a saved lasso (steps, `loopStart`, the case's label) and re-checks it as the liveness
 * check does: its cycle closes, stays in the antecedent, avoids `never`, meets every condition and is
 * weakly fair. `stopped` with the reason when it does not; `step` 0 when the steps ran but the cycle
 * is no longer a counterexample.
 */
export function replayLasso(
  model: Model,
  property: LivenessProperty,
  caseLabel: string,
  saved: { readonly initial: Readonly<Record<string, number>>; readonly steps: readonly SavedStep[]; readonly loopStart: number },
  compare: boolean,
): ReplayOutcome {
  const kase = property.cases.find((c) => c.label === caseLabel);
  const none: Trace = { initial: model.layout.zero(), steps: [] };
  if (kase === undefined) return { kind: 'stopped', step: 0, reason: `${property.name} has no case ${caseLabel}`, trace: none };
  const outcome = replaySaved(model, saved.initial, saved.steps, compare);
  if (outcome.kind === 'stopped') return outcome;
  const trace: Trace = { ...outcome.trace, loopStart: saved.loopStart };
  const problem = lassoProblem(model, property, kase, trace);
  return problem === undefined ? { kind: 'ran', trace } : { kind: 'stopped', step: 0, reason: `it is no longer a counterexample to ${property.name}: ${problem}`, trace };
}
