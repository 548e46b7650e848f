/**
 * Counterexample traces: rebuilt from the store's parent links, then replayed through the model from
 * the initial state, so that every trace a user sees is a real run of the model (TLC's `TLCTrace`,
 * stateright's `Path::from_fingerprints`).
 */
import type { StateVector } from '../model/layout.js';
import type { ActionId, Model } from '../model/model.js';
import type { PathSource, Trace, TraceStep } from './types.js';

const NONDETERMINISM =
  'likely cause: an action whose guard or effect depends on something other than the state';

/** A trace that does not replay: the model is not a function of its state, or the engine is wrong. */
export class ReplayError extends Error {
  override readonly name = 'ReplayError';
}

/**
 * Re-runs `actions` from `initial` through the model and returns the trace with every state.
 * Throws {@link ReplayError} when an action is not enabled where the trace says it ran.
 */
export function replayTrace(model: Model, initial: StateVector, actions: readonly ActionId[]): Trace {
  let s: StateVector = Uint32Array.from(initial);
  const steps: TraceStep[] = [];
  actions.forEach((id, i) => {
    const action = model.actions[id];
    if (action === undefined) throw new ReplayError(`${model.name}: trace step ${i + 1} names unknown action ${id}`);
    if (!action.enabled(s)) {
      throw new ReplayError(`${model.name}: trace step ${i + 1} (${action.name}) is not enabled on replay; ${NONDETERMINISM}`);
    }
    const next = Uint32Array.from(s);
    action.apply(s, next);
    steps.push({ action: id, state: next });
    s = next;
  });
  return { initial: Uint32Array.from(initial), steps };
}

/** The last state of a trace. */
export function lastState(trace: Trace): StateVector {
  return trace.steps.length === 0 ? trace.initial : trace.steps[trace.steps.length - 1]!.state;
}

/**
 * Rebuilds the path to `id` from parent links, replays it, compares every replayed state with the
 * stored one (its fingerprint, in fingerprint mode) and checks that the last
 * state violates the property. Any mismatch is a {@link ReplayError}.
 */
export function traceTo(
  model: Model,
  store: PathSource,
  roots: readonly (StateVector | undefined)[],
  id: number,
  property: string,
  violates: (s: StateVector) => boolean,
): Trace {
  const ids: number[] = [];
  for (let at = id; at >= 0; at = store.parentOf(at)) ids.push(at);
  ids.reverse();
  const root = roots[ids[0]!];
  if (root === undefined) throw new Error(`engine: state ${ids[0]} has no parent and is not an initial state`);
  const actions = ids.slice(1).map((at) => store.actionOf(at));
  const trace = replayTrace(model, root, actions);
  trace.steps.forEach((step, i) => {
    if (!store.matches(ids[i + 1]!, Uint32Array.from(step.state))) {
      throw new ReplayError(
        `${model.name}: trace step ${i + 1} (${model.actions[step.action]!.name}) reached a different state on replay; ${NONDETERMINISM}`,
      );
    }
  });
  if (!violates(lastState(trace))) {
    throw new ReplayError(`${model.name}: the replayed trace does not end in a state violating ${property}; ${NONDETERMINISM}`);
  }
  return trace;
}
