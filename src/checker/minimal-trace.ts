/**
 * Counterexample polishing: among the shortest paths to a violating state, one with the fewest thread
 * switches, because a trace that stays on one CPU as long as it can is the easiest to read.
 *
 * A layered BFS over pairs (state, thread of the last step), with full expansion (no reduction, so the
 * length is the true shortest distance). Layer d holds the states at distance d; a pair keeps the
 * fewest switches of any shortest path reaching it, and the parent pair and action that achieve it.
 * Only edges into the next layer are followed: every step of a shortest path goes one layer deeper.
 */
import type { StateVector } from '../model/layout.js';
import type { ActionId, Model } from '../model/model.js';
import type { Trace } from './types.js';
import { StateStore, STORE_FULL } from './state-store.js';
import { GrowableU32 } from './growable.js';
import { lastState, replayTrace, ReplayError } from './trace.js';

export interface MinimalTraceOptions {
  /** Give up beyond this distance. */
  readonly maxDepth: number;
  /** Give up after storing this many states. */
  readonly maxStates?: number;
}

/** Number of consecutive steps whose actions belong to different threads. */
export function threadSwitches(model: Model, trace: Trace): number {
  let n = 0;
  for (let i = 1; i < trace.steps.length; i++) {
    if (model.actions[trace.steps[i]!.action]!.thread !== model.actions[trace.steps[i - 1]!.action]!.thread) n++;
  }
  return n;
}

/**
 * A shortest trace from an initial state to a state where `violates` holds, with the fewest thread
 * switches among the shortest; undefined when none exists within the limits. Replayed before return.
 */
export function minimalTrace(model: Model, violates: (s: StateVector) => boolean, options: MinimalTraceOptions): Trace | undefined {
  const words = model.layout.words;
  const store = new StateStore(words, {
    actions: model.actions.length,
    ...(options.maxStates === undefined ? {} : { limit: options.maxStates }),
  });
  const threads = 1 + model.actions.reduce((m, a) => Math.max(m, a.thread), -1);
  const NONE = threads;
  // Node columns: state id, last thread (NONE at a root), switches, parent node, action.
  const nState = new GrowableU32();
  const nThread = new GrowableU32();
  const nSwitches = new GrowableU32();
  const nParent = new GrowableU32();
  const nAction = new GrowableU32();
  const addNode = (state: number, thread: number, switches: number, parent: number, action: number): number => {
    nState.push(state);
    nThread.push(thread);
    nSwitches.push(switches);
    nParent.push(parent);
    nAction.push(action);
    return nState.length - 1;
  };
  const cur = new Uint32Array(words);
  const next = new Uint32Array(words);

  for (const s of model.initialStates) {
    next.set(s);
    const id = store.findOrInsert(next, -1, 0);
    if (id === STORE_FULL) return undefined;
    if (id >= 0) addNode(id, NONE, 0, 0xffffffff, 0);
  }
  let layerNodes = 0;
  let layerStates = 0;
  let slot = new Int32Array(1024).fill(-1);
  for (let depth = 0; ; depth++) {
    const nodeEnd = nState.length;
    const stateEnd = store.size;
    // Best violating pair in this layer.
    const bad = new Uint8Array(stateEnd - layerStates);
    for (let id = layerStates; id < stateEnd; id++) {
      store.readState(id, cur);
      if (violates(cur)) bad[id - layerStates] = 1;
    }
    let best = -1;
    for (let k = layerNodes; k < nodeEnd; k++) {
      if (bad[nState.at(k) - layerStates] === 1 && (best < 0 || nSwitches.at(k) < nSwitches.at(best))) best = k;
    }
    if (best >= 0) return rebuild(model, best, nParent, nAction, nState, store, violates);
    if (depth >= options.maxDepth || nodeEnd === layerNodes) return undefined;

    const width = (threads + 1) >>> 0;
    for (let k = layerNodes; k < nodeEnd; k++) {
      const from = nState.at(k);
      const last = nThread.at(k);
      store.readState(from, cur);
      for (let a = 0; a < model.actions.length; a++) {
        const action = model.actions[a]!;
        if (!action.enabled(cur)) continue;
        next.set(cur);
        action.apply(cur, next);
        const r = store.findOrInsert(next, from, a);
        if (r === STORE_FULL) return undefined;
        const id = r >= 0 ? r : -1 - r;
        if (id < stateEnd) continue; // reached earlier: not on a shortest path through this step
        const cost = nSwitches.at(k) + (last !== NONE && last !== action.thread ? 1 : 0);
        const key = (id - stateEnd) * width + action.thread;
        if (key >= slot.length) {
          const grown = new Int32Array(Math.max(slot.length * 2, key + 1)).fill(-1);
          grown.set(slot);
          slot = grown;
        }
        const old = slot[key]!;
        if (old < 0) slot[key] = addNode(id, action.thread, cost, k, a);
        else if (cost < nSwitches.at(old)) {
          nSwitches.set(old, cost);
          nParent.set(old, k);
          nAction.set(old, a);
        }
      }
    }
    slot.fill(-1, 0, Math.min(slot.length, (store.size - stateEnd) * width));
    layerNodes = nodeEnd;
    layerStates = stateEnd;
  }
}

function rebuild(
  model: Model,
  node: number,
  parent: GrowableU32,
  action: GrowableU32,
  state: GrowableU32,
  store: StateStore,
  violates: (s: StateVector) => boolean,
): Trace {
  const actions: ActionId[] = [];
  let k = node;
  while (parent.at(k) !== 0xffffffff) {
    actions.push(action.at(k));
    k = parent.at(k);
  }
  actions.reverse();
  const initial = new Uint32Array(store.words);
  store.readState(state.at(k), initial);
  const trace = replayTrace(model, initial, actions);
  if (!violates(lastState(trace))) throw new ReplayError(`${model.name}: minimal trace does not end in a violating state on replay`);
  return trace;
}
