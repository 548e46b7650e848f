/**
 * A worker's share of one BFS level: claim parents in batches, expand each exactly as the one-thread
 * search does (same expander, same cycle proviso, same order of successors) and record per parent
 * what the coordinator needs to replay the one-thread search's bookkeeping: successors generated,
 * deadlock and depth-cut flags, and per new state the properties it violates. Parents are taken in
 * id order (the order their states lie in memory); their ranks give the keys the one-thread order.
 */
import type { Action, ActionId, Model, Symmetry } from '../model/model.js';
import type { Invariant } from '../invariants/invariant.js';
import type { Expander } from '../checker/types.js';
import { isFullExpansion } from '../checker/expand.js';
import { FLAG_DEADLOCK, FLAG_DEPTH_CUT, type PhaseResult, type PhaseWork } from './protocol.js';
import { C_FULL, C_NEXT, C_RETRY_NEXT, C_STOP, SharedStore, TABLE_FULL, type StoreBuffers } from './shared-store.js';

export class LevelWorker {
  private readonly actions: readonly Action[];
  private readonly full: boolean;
  private readonly cur: Uint32Array;
  private readonly next: Uint32Array;
  private readonly probe: Uint32Array;
  private store!: SharedStore;
  /** Rank of the parent being expanded, in its level. */
  private rank = 0;
  /** Whether this phase flagged a parent or found a state violating a property. */
  private events = false;
  private readonly closed: (a: ActionId) => boolean;

  constructor(
    model: Model,
    private readonly invariants: readonly Invariant[],
    private readonly invariantIndex: readonly number[],
    private readonly validEnd: ((s: Uint32Array) => boolean) | undefined,
    private readonly expander: Expander,
    private readonly maxDepth: number,
    /** Under symmetry reduction: successors are stored as their orbit's representative. */
    private readonly symmetry?: Symmetry,
  ) {
    this.actions = model.actions;
    this.full = isFullExpansion(expander);
    const W = model.layout.words;
    this.cur = new Uint32Array(W);
    this.next = new Uint32Array(W);
    this.probe = new Uint32Array(W);
    this.closed = (a) => this.isClosed(a);
  }

  /**
   * Expands parents until none is left, the table is full or the search stops, or (when `until`, a
   * `performance.now()` time, has passed) before the next batch: then `more` says so.
   */
  runPhase(m: PhaseWork, buffers: StoreBuffers, until = Infinity): PhaseResult & { readonly more: boolean } {
    const store = (this.store = new SharedStore(buffers));
    const trans = new Int32Array(m.trans);
    const flags = new Uint8Array(m.flags);
    const levelEnd = store.levelEnd;
    const counters = store.counters;
    const unfinished: number[] = [];
    let generated = 0;
    this.events = false;
    const active = this.invariants.filter((_, k) => (m.activeMask >>> this.invariantIndex[k]!) & 1);
    const activeBits = this.invariantIndex.filter((i) => (m.activeMask >>> i) & 1);
    let more = false;
    for (;;) {
      if (until !== Infinity && performance.now() >= until) {
        more = true;
        break;
      }
      let from: number;
      let to: number;
      const r = Atomics.add(counters, C_RETRY_NEXT, 1);
      if (r < m.retry.length) {
        from = m.retry[r]!;
        to = from + 1;
      } else {
        const b = Atomics.add(counters, C_NEXT, m.batch);
        from = m.levelStart + b;
        to = Math.min(from + m.batch, levelEnd);
        if (from >= levelEnd) break;
      }
      let stopped = false;
      for (let p = from; p < to && !stopped; p++) {
        if (Atomics.load(counters, C_FULL) !== 0 || Atomics.load(counters, C_STOP) !== 0) {
          for (let q = p; q < to; q++) unfinished.push(q);
          stopped = true;
          break;
        }
        const k = p - m.levelStart;
        flags[k] = 0;
        const rank = store.ranks[k]!;
        // An id the level before claimed and left unused: no state, nothing to expand.
        const n = rank < 0 ? 0 : this.expand(p, rank, m.depth, active, activeBits, flags, k);
        if (n < 0) {
          for (let q = p; q < to; q++) unfinished.push(q);
          stopped = true;
          break;
        }
        trans[k] = n;
        generated += n;
      }
      // Batches not claimed yet stay with the counter for the next phase.
      if (stopped) break;
    }
    store.releaseSpare();
    return { unfinished, generated, events: this.events, more };
  }

  /** Successors generated from `p`, or -1 when the table filled up (the parent is redone later). */
  private expand(p: number, rank: number, depth: number, active: readonly Invariant[], bits: readonly number[], flags: Uint8Array, k: number): number {
    const cur = this.cur;
    this.store.readState(p, cur);
    this.rank = rank;
    const actions = this.actions;
    let chosen: readonly ActionId[] | undefined;
    if (!this.full) {
      const enabled: ActionId[] = [];
      for (let a = 0; a < actions.length; a++) if (actions[a]!.enabled(cur)) enabled.push(a);
      if (enabled.length === 0 || depth >= this.maxDepth) return this.leaf(enabled.length > 0, flags, k);
      chosen = this.expander.select(cur, enabled, this.closed);
      if (chosen.length === 0) throw new Error(`engine: the expander chose no action in a state with ${enabled.length} enabled`);
    }
    let g = 0;
    const n = chosen === undefined ? actions.length : chosen.length;
    for (let j = 0; j < n; j++) {
      const a = chosen === undefined ? j : chosen[j]!;
      const action = actions[a]!;
      if (!action.enabled(cur)) {
        if (chosen !== undefined) throw new Error(`engine: the expander chose action ${a}, which is not enabled`);
        continue;
      }
      if (depth >= this.maxDepth) return this.leaf(true, flags, k);
      const next = this.next;
      for (let w = 0; w < cur.length; w++) next[w] = cur[w]!;
      action.apply(cur, next);
      this.symmetry?.canonicalize(next, next);
      const ref = this.store.findOrInsert(next, rank, g * 65536 + a);
      if (ref === TABLE_FULL) return -1;
      if (ref >= 0) this.checkNew(ref, active, bits);
      g++;
    }
    return g === 0 ? this.leaf(false, flags, k) : g;
  }

  /** A parent with no successors: deadlock candidate, or cut by the depth bound. */
  private leaf(anyEnabled: boolean, flags: Uint8Array, k: number): number {
    if (anyEnabled) flags[k] = FLAG_DEPTH_CUT;
    else if (this.validEnd !== undefined && !this.validEnd(this.cur)) flags[k] = FLAG_DEADLOCK;
    if (flags[k] !== 0) this.events = true;
    return 0;
  }

  private checkNew(ref: number, active: readonly Invariant[], bits: readonly number[]): void {
    let mask = 0;
    for (let i = 0; i < active.length; i++) if (!active[i]!.holds(this.next)) mask |= 1 << bits[i]!;
    this.store.masks[ref - this.store.levelEnd] = mask;
    if (mask !== 0) this.events = true;
  }

  /**
   * The one-thread proviso: the successor by `a` has a BFS id at or below the parent's, i.e. it is
   * of an earlier level, or of this one and ranked at or before the parent (not a new state).
   */
  private isClosed(a: ActionId): boolean {
    const probe = this.probe;
    const cur = this.cur;
    for (let w = 0; w < cur.length; w++) probe[w] = cur[w]!;
    this.actions[a]!.apply(cur, probe);
    this.symmetry?.canonicalize(probe, probe);
    const store = this.store;
    const id = store.find(probe);
    if (id < 0 || id >= store.levelEnd) return false;
    return id < store.levelStart || store.ranks[id - store.levelStart]! <= this.rank;
  }
}
