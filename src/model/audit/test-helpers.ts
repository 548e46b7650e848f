/**
 * Shared by the audit model's tests: replay a trace written as action names, sample reachable states.
 * Not used by the model itself.
 */
import { replayTrace } from '../../checker/index.js';
import type { Trace } from '../../checker/types.js';
import type { StateVector } from '../layout.js';
import type { Model } from '../model.js';

/** Replays `names` (action names, e.g. `T0: system_call`) from the first initial state. */
export function replayNames(model: Model, names: readonly string[]): Trace {
  const ids = names.map((name) => {
    const id = model.actions.findIndex((a) => a.name === name);
    if (id < 0) throw new Error(`${model.name}: no action named '${name}'`);
    return id;
  });
  return replayTrace(model, model.initialStates[0]!, ids);
}

/** The final state of a trace. */
export function finalState(trace: Trace): StateVector {
  return trace.steps.length === 0 ? trace.initial : trace.steps[trace.steps.length - 1]!.state;
}

/** Every reachable state (exhaustive BFS with string keys; only for small models in tests). */
export function reachable(model: Model, limit = 1_000_000): StateVector[] {
  const seen = new Set<string>();
  const out: StateVector[] = [];
  const queue: StateVector[] = [...model.initialStates];
  for (const s of queue) seen.add(s.join(','));
  while (queue.length > 0) {
    const s = queue.shift()!;
    out.push(s);
    if (out.length > limit) throw new Error(`${model.name}: more than ${limit} states`);
    for (const a of model.actions) {
      if (!a.enabled(s)) continue;
      const n = Uint32Array.from(s);
      a.apply(s, n);
      const k = n.join(',');
      if (!seen.has(k)) {
        seen.add(k);
        queue.push(n);
      }
    }
  }
  return out;
}
