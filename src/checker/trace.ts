/**
 * Counterexample traces: rebuilt from the store's parent links, then replayed through the model from
 * the initial state, so that every trace a user sees is a real run of the model (TLC's `TLCTrace`,
 * stateright's `Path::from_fingerprints`).
 */
import type { StateVector } from '../model/layout.js';
import type { ActionId, Model, Symmetry } from '../model/model.js';
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
 * The concrete actions of a stored path: from the concrete initial state `root`, at each step the
 * lowest-numbered enabled action whose successor has the stored representative `ids[i]`. One always
 * exists: the stored step from the representative σ(s) has a twin from s whose successor lies in the
 * same orbit. A miss is a {@link ReplayError} (the model's symmetry is not one).
 */
export function concreteActions(model: Model, sym: Symmetry, store: PathSource, root: StateVector, ids: readonly number[]): ActionId[] {
  const W = model.layout.words;
  let s = Uint32Array.from(root);
  const next = new Uint32Array(W);
  const canon = new Uint32Array(W);
  const out: ActionId[] = [];
  for (let i = 1; i < ids.length; i++) {
    let found = -1;
    for (let a = 0; a < model.actions.length && found < 0; a++) {
      const action = model.actions[a]!;
      if (!action.enabled(s)) continue;
      next.set(s);
      action.apply(s, next);
      sym.canonicalize(next, canon);
      if (store.matches(ids[i]!, canon)) found = a;
    }
    if (found < 0) {
      throw new ReplayError(`${model.name}: no step from the concrete state ${i - 1} of a trace reaches the stored orbit; the model's symmetry (${sym.description}) does not map steps onto steps`);
    }
    out.push(found);
    s = Uint32Array.from(next);
  }
  return out;
}

/**
 * Rebuilds the path to `id` from parent links, replays it, compares every replayed state with the
 * stored one (its fingerprint, in fingerprint mode; under `symmetry`, the stored representative of
 * its orbit) and checks that the last state violates the property. Any mismatch is a
 * {@link ReplayError}. Under symmetry the stored path is over representatives and the trace returned
 * is a concrete run from the concrete initial state.
 */
export function traceTo(
  model: Model,
  store: PathSource,
  roots: readonly (StateVector | undefined)[],
  id: number,
  property: string,
  violates: (s: StateVector) => boolean,
  symmetry?: Symmetry,
): Trace {
  const ids: number[] = [];
  for (let at = id; at >= 0; at = store.parentOf(at)) ids.push(at);
  ids.reverse();
  const root = roots[ids[0]!];
  if (root === undefined) throw new Error(`engine: state ${ids[0]} has no parent and is not an initial state`);
  const actions = symmetry === undefined ? ids.slice(1).map((at) => store.actionOf(at)) : concreteActions(model, symmetry, store, root, ids);
  const trace = replayTrace(model, root, actions);
  const canon = new Uint32Array(model.layout.words);
  trace.steps.forEach((step, i) => {
    if (symmetry === undefined) canon.set(step.state);
    else symmetry.canonicalize(step.state, canon);
    if (!store.matches(ids[i + 1]!, canon)) {
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
