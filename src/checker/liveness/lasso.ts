/**
 * A lasso through a counterexample SCC: a shortest prefix (BFS parent links) to the SCC's state
 * closest to an initial one, then a cycle from there through every obligation's witness (breadth
 * first inside the SCC), back to that state. It is replayed from the initial state and re-checked by
 * {@link lassoProblem} before it is returned; a lasso that does not re-check is an engine bug.
 */
import type { Model } from '../../model/model.js';
import { replayTrace } from '../trace.js';
import type { Trace } from '../types.js';
import type { CaseView } from './case-view.js';
import type { ReachableGraph } from './graph.js';
import { lassoProblem, obligationMet } from './lasso-check.js';
import type { SccWitness } from './witness.js';
import type { TarjanArrays } from './tarjan.js';

/**
 * Breadth-first paths inside one SCC. Its per-state arrays are the Tarjan arrays the finished
 * decomposition no longer needs (all but `index`, which still marks the SCC), so a lasso costs no
 * memory beyond the check's.
 */
class SccPaths {
  private readonly parent: Int32Array;
  private readonly act: Int32Array;
  private readonly stamp: Int32Array;
  private readonly queue: Int32Array;
  private generation = 0;
  private readonly cur: Uint32Array;
  private readonly next: Uint32Array;
  private readonly index: Int32Array;

  constructor(
    private readonly model: Model,
    private readonly graph: ReachableGraph,
    private readonly view: CaseView,
    arrays: TarjanArrays,
    private readonly comp: number,
  ) {
    this.index = arrays.index;
    this.parent = arrays.low;
    this.act = arrays.callAct;
    this.stamp = arrays.callNode.fill(0);
    this.queue = arrays.sccStack;
    this.cur = new Uint32Array(model.layout.words);
    this.next = new Uint32Array(model.layout.words);
  }

  /** Calls `visit(action, to)` for each step from `v` that stays inside the SCC; stops when it returns true. */
  edges(v: number, visit: (action: number, to: number) => boolean): void {
    const { cur, next, view } = this;
    this.graph.store.readState(v, cur);
    for (let a = 0; a < this.model.actions.length; a++) {
      const action = this.model.actions[a]!;
      if (!action.enabled(cur)) continue;
      next.set(cur);
      action.apply(cur, next);
      if (!view.member(next) || !view.stepAllowed(cur, a, next)) continue;
      const w = this.graph.store.find(next);
      if (w >= 0 && this.index[w] === -this.comp && visit(a, w)) return;
    }
  }

  /** Actions and states of a shortest path inside the SCC from `src` to `dst` (empty when equal). */
  path(src: number, dst: number): { actions: number[]; ids: number[] } {
    const g = ++this.generation;
    this.stamp[src] = g;
    this.queue[0] = src;
    let head = 0;
    let tail = 1;
    while (head < tail && this.stamp[dst] !== g) {
      const v = this.queue[head++]!;
      this.edges(v, (a, w) => {
        if (this.stamp[w] === g) return false;
        this.stamp[w] = g;
        this.parent[w] = v;
        this.act[w] = a;
        this.queue[tail++] = w;
        return w === dst;
      });
    }
    if (this.stamp[dst] !== g) throw new Error(`engine: state ${dst} is not reachable from ${src} inside its SCC`);
    const actions: number[] = [];
    const ids: number[] = [];
    for (let at = dst; at !== src; at = this.parent[at]!) {
      actions.push(this.act[at]!);
      ids.push(at);
    }
    return { actions: actions.reverse(), ids: ids.reverse() };
  }
}

/** Builds, replays and re-checks the lasso for `witness`; throws when the re-check fails. */
export function buildLasso(model: Model, graph: ReachableGraph, view: CaseView, arrays: TarjanArrays, witness: SccWitness): Trace {
  const store = graph.store;
  // BFS ids grow with distance: the smallest member is nearest an initial state.
  const entry = witness.members.reduce((a, b) => Math.min(a, b), Number.MAX_SAFE_INTEGER);
  const prefix: number[] = [];
  let root = entry;
  for (let at = entry; at >= 0; at = store.parentOf(at)) {
    root = at;
    if (store.parentOf(at) >= 0) prefix.push(store.actionOf(at));
  }
  prefix.reverse();
  const cycle: number[] = [];
  if (!witness.terminal) buildCycle(model, graph, view, arrays, witness, entry, cycle);
  const initial = graph.roots[root];
  if (initial === undefined) throw new Error(`engine: state ${root} has no parent and is not an initial state`);
  const trace: Trace = { ...replayTrace(model, initial, [...prefix, ...cycle]), loopStart: prefix.length };
  const problem = lassoProblem(model, view.property, view.kase, trace);
  if (problem !== undefined) throw new Error(`engine: the lasso for ${view.property.name} (${view.kase.label}) does not re-check: ${problem}`);
  return trace;
}

function buildCycle(model: Model, graph: ReachableGraph, view: CaseView, arrays: TarjanArrays, witness: SccWitness, entry: number, cycle: number[]): void {
  const paths = new SccPaths(model, graph, view, arrays, witness.comp);
  const ids = [entry];
  const states = (): Uint32Array[] =>
    ids.map((id) => {
      const s = new Uint32Array(model.layout.words);
      graph.store.readState(id, s);
      return s;
    });
  const go = (to: number): void => {
    const p = paths.path(ids[ids.length - 1]!, to);
    // Element by element: a spread of a long path would overflow the call stack.
    for (const a of p.actions) cycle.push(a);
    for (const id of p.ids) ids.push(id);
  };
  for (let k = 0; k < witness.state.length; k++) {
    // An obligation the cycle already meets needs no detour: shorter lassos read better.
    if (obligationMet(view, k, states(), cycle)) continue;
    go(witness.state[k]!);
    const a = witness.action[k]!;
    if (a < 0) continue;
    let to = -1;
    paths.edges(witness.state[k]!, (b, w) => b === a && ((to = w), true));
    if (to < 0) throw new Error(`engine: the witness step of obligation ${k} left its SCC`);
    cycle.push(a);
    ids.push(to);
  }
  if (cycle.length === 0) {
    // The cycle must take a step: any step inside the SCC, then back.
    paths.edges(entry, (b, w) => (cycle.push(b), ids.push(w), true));
  }
  go(entry);
}
