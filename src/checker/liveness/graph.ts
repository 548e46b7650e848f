/**
 * The reachable graph for the liveness check: every reachable state in an exact {@link StateStore},
 * found breadth first with full expansion. Edges are not stored; they are recomputed from the stored
 * states (apply, then look the successor up), which keeps the graph at the store's bytes per state.
 * BFS inserts in id order, so parent links give a shortest path to every state and expanding is a
 * cursor over ids: no separate queue.
 */
import type { StateVector } from '../../model/layout.js';
import type { Action, Model } from '../../model/model.js';
import { StateStore, STORE_FULL } from '../state-store.js';

/** Sees the graph as it is built: each new state once, each expanded state once (with its out-degree). */
export interface GraphObserver {
  onState(id: number, s: StateVector): void;
  onExpanded(id: number, s: StateVector, successors: number): void;
}

export class ReachableGraph {
  readonly store: StateStore;
  /** Initial states by id (sparse). */
  readonly roots: (StateVector | undefined)[] = [];
  /** States expanded so far (ids below this). */
  expanded = 0;
  transitions = 0;
  maxDepth = 0;
  /** The store reached its limit: the graph is a part of the reachable one. */
  full = false;
  private depth = 0;
  private levelEnd: number;
  private readonly actions: readonly Action[];
  private readonly cur: Uint32Array;
  private readonly next: Uint32Array;

  constructor(readonly model: Model, limit?: number, private readonly observer?: GraphObserver) {
    const W = model.layout.words;
    this.store = new StateStore(W, { actions: model.actions.length, ...(limit === undefined ? {} : { limit }) });
    this.actions = model.actions;
    this.cur = new Uint32Array(W);
    this.next = new Uint32Array(W);
    for (const s of model.initialStates) {
      if (s.length !== W) throw new RangeError(`${model.name}: initial state has ${s.length} words, layout has ${W}`);
      this.next.set(s);
      const id = this.store.findOrInsert(this.next, -1, 0);
      if (id === STORE_FULL) {
        this.full = true;
        break;
      }
      if (id >= 0) {
        this.roots[id] = Uint32Array.from(s);
        observer?.onState(id, this.next);
      }
    }
    this.levelEnd = this.store.size;
  }

  /** Every stored state is expanded, or the store is full. */
  get done(): boolean {
    return this.full || this.expanded >= this.store.size;
  }

  get states(): number {
    return this.store.size;
  }

  /** Expands up to `count` states in id order. */
  expand(count: number): void {
    const { cur, next, actions, store, observer } = this;
    const W = cur.length;
    for (let k = 0; k < count && !this.done; k++) {
      const id = this.expanded++;
      if (id === this.levelEnd) {
        this.depth++;
        this.levelEnd = store.size;
      }
      store.readState(id, cur);
      let successors = 0;
      for (let a = 0; a < actions.length; a++) {
        const action = actions[a]!;
        if (!action.enabled(cur)) continue;
        successors++;
        for (let w = 0; w < W; w++) next[w] = cur[w]!;
        action.apply(cur, next);
        this.transitions++;
        const got = store.findOrInsert(next, id, a);
        if (got === STORE_FULL) {
          this.full = true;
          return;
        }
        if (got >= 0) {
          if (this.depth + 1 > this.maxDepth) this.maxDepth = this.depth + 1;
          observer?.onState(got, next);
        }
      }
      observer?.onExpanded(id, cur, successors);
    }
  }
}
