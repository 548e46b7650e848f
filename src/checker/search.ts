/**
 * The single search loop, BFS or DFS, run in time slices so a caller can keep its event loop alive,
 * print progress and interrupt it.
 *
 * Hot path, per successor: copy the source into one scratch vector, `apply`, under symmetry reduction
 * rewrite it in place as its orbit's representative (the model's `symmetry.canonicalize`), hash the
 * scratch words and probe the store. No allocation, no strings, no closures per state. Where BFS and DFS differ (which
 * state next, at what depth, whether an expansion has started) is the {@link Frontier}'s business;
 * which enabled steps to explore is the expander's, built by the `reduction` factory it is given.
 *
 * Invariants are checked once per new state; deadlock once per expanded state. Because BFS inserts and
 * expands level by level, the first violation it finds for each property is at the shortest distance.
 *
 * Fingerprint mode keys the store by 64-bit fingerprints; BFS frees full states once expanded, DFS
 * keeps them (its stack is in no particular id order), so under DFS it saves no memory.
 */
import type { StateVector } from '../model/layout.js';
import type { Action, ActionId, Model, Symmetry } from '../model/model.js';
import type { Invariant } from '../invariants/invariant.js';
import { SHARD_SAMPLE_RATE, type CheckOptions, type CheckResult, type Expander, type StopReason } from './types.js';
import { ShardFilter } from './shard-filter.js';
import { StateStore, STORE_FULL } from './state-store.js';
import { fullExpansion, isFullExpansion } from './expand.js';
import { buildResult, type SearchSnapshot } from './search-result.js';
import { CoverageTracker } from './coverage.js';
import { coverageOverOrbits, symmetryFor } from './symmetry.js';
import { BfsFrontier, DfsFrontier, type Frontier } from './frontier.js';
import { propertiesFor, type Property } from './property.js';
import type { Trace } from './types.js';

/** A search that runs in slices. */
export interface Search {
  /** Runs for about `sliceMs` milliseconds; true when the search has finished. */
  run(sliceMs: number): boolean;
  /** Stops the search; its result is then incomplete for every property without a violation. */
  stop(reason: StopReason): void;
  /** The result so far (final once `run` returned true or `stop` was called). */
  result(): CheckResult;
}

/** Expansions between two looks at the clock. */
const CLOCK_EVERY = 256;

/** One search over one store. Use `createSearch` (check.ts), which resolves the reduction. */
export class SearchRun implements Search {
  private readonly store: StateStore;
  private readonly roots: StateVector[] = [];
  private readonly properties: readonly Property[];
  /** Per property: id of the first violating state found, or -1. */
  private readonly violation: Int32Array;
  private readonly deadlockIndex: number;
  private transitions = 0;
  private maxDepthSeen = 0;
  private depthCut = false;
  private exhausted = false;
  private stopped: StopReason | undefined;
  private readonly startMs: number;
  private endMs: number | undefined;
  private readonly traces: (Trace | undefined)[] = [];

  private readonly actions: readonly Action[];
  private readonly expander: Expander;
  private readonly full: boolean;
  private readonly frontier: Frontier;
  private readonly maxDepth: number;
  private readonly validEnd: ((s: StateVector) => boolean) | undefined;
  private readonly active: Invariant[] = [];
  private readonly activeIndex: number[] = [];
  private pending: number;
  private readonly coverage: CoverageTracker | undefined;
  private done = false;
  private readonly cur: Uint32Array;
  private readonly next: Uint32Array;
  private readonly probe: Uint32Array;
  private expansions = 0;
  private readonly shard: ShardFilter | undefined;
  private nextProgressMs: number;
  private readonly closed: (a: ActionId) => boolean;
  /** Under symmetry reduction: every stored state is its orbit's representative. */
  private readonly symmetry: Symmetry | undefined;

  constructor(
    private readonly model: Model,
    invariants: readonly Invariant[],
    private readonly options: CheckOptions,
  ) {
    const words = model.layout.words;
    this.actions = model.actions;
    this.symmetry = symmetryFor(model, options);
    this.store = new StateStore(words, {
      fingerprint: options.fingerprint ?? false,
      actions: model.actions.length,
      ...(options.maxStates === undefined ? {} : { limit: options.maxStates }),
    });
    this.expander = options.reduction?.(model, invariants) ?? fullExpansion();
    this.full = isFullExpansion(this.expander);
    this.frontier = options.search === 'dfs' ? new DfsFrontier() : new BfsFrontier(() => this.store.size);
    if (options.shard !== undefined && options.search === 'dfs') throw new Error('engine: a sharded search is breadth first');
    this.shard = options.shard === undefined ? undefined : new ShardFilter(options.shard);
    this.maxDepth = options.maxDepth ?? Infinity;
    const deadlock = options.deadlock ?? true;
    this.properties = propertiesFor(invariants, deadlock);
    this.deadlockIndex = this.properties.findIndex((p) => p.kind === 'deadlock');
    this.validEnd = deadlock && model.isValidEnd !== undefined ? model.isValidEnd.bind(model) : undefined;
    this.violation = new Int32Array(this.properties.length).fill(-1);
    this.coverage = options.coverage === true ? new CoverageTracker(model.actions.length, invariants) : undefined;
    // With coverage the search explores everything: a verdict for every property is not the end.
    this.pending = this.violation.length + (this.coverage === undefined ? 0 : 1);
    this.properties.forEach((p, i) => {
      if (p.kind !== 'invariant') return;
      this.active.push(p.invariant);
      this.activeIndex.push(i);
    });
    this.cur = new Uint32Array(words);
    this.next = new Uint32Array(words);
    this.probe = new Uint32Array(words);
    this.startMs = performance.now();
    this.nextProgressMs = this.startMs + (options.progressIntervalMs ?? 1000);
    this.closed = (a) => this.isClosed(a);
    this.insertInitialStates();
  }

  private insertInitialStates(): void {
    const W = this.model.layout.words;
    for (const s of this.model.initialStates) {
      if (s.length !== W) throw new RangeError(`${this.model.name}: initial state has ${s.length} words, layout has ${W}`);
      this.next.set(s);
      this.symmetry?.canonicalize(this.next, this.next);
      const id = this.store.findOrInsert(this.next, -1, 0);
      if (id === STORE_FULL) return this.stop('max-states');
      if (id < 0) continue;
      // The concrete initial state: traces start from it even when its representative is stored.
      this.roots[id] = Uint32Array.from(s);
      if (!this.discovered(id, 0)) return;
    }
  }

  run(sliceMs: number): boolean {
    if (this.done) return true;
    const deadline = performance.now() + sliceMs;
    const frontier = this.frontier;
    for (;;) {
      const id = frontier.take();
      if (id < 0) return this.finish(true);
      if (this.shard !== undefined && this.leftToOtherShard(id, frontier.depth)) continue;
      if (this.full) this.expandFull(id, frontier.depth);
      else this.expandReduced(id, frontier.depth);
      if (this.done) return true;
      if (++this.expansions % CLOCK_EVERY === 0 && this.tick(deadline)) return this.done;
    }
  }

  /** Sharded search: whether state `id` at `depth` is another shard's to expand. */
  private leftToOtherShard(id: number, depth: number): boolean {
    this.store.readState(id, this.cur);
    return this.shard!.leftToOthers(id, depth, this.cur, this.frontier.queued, this.store.size);
  }

  /** Periodic work: progress, limits, releasing expanded states. True when the slice is over. */
  private tick(deadline: number): boolean {
    const now = performance.now();
    const o = this.options;
    this.store.releaseStatesBelow(this.frontier.doneBelow);
    if (o.onProgress !== undefined && now >= this.nextProgressMs) {
      this.nextProgressMs = now + (o.progressIntervalMs ?? 1000);
      const elapsed = (now - this.startMs) / 1000;
      o.onProgress({
        states: this.store.size,
        transitions: this.transitions,
        depth: this.frontier.reportedDepth(this.maxDepthSeen),
        queued: this.frontier.queued,
        statesPerSecond: elapsed > 0 ? this.store.size / elapsed : 0,
        elapsedSeconds: elapsed,
        memoryBytes: this.memoryBytes(),
      });
    }
    if (o.maxSeconds !== undefined && now - this.startMs >= o.maxSeconds * 1000) this.stop('max-seconds');
    else if (o.maxMemoryBytes !== undefined && this.memoryBytes() > o.maxMemoryBytes) this.stop('memory');
    return this.done || now >= deadline;
  }

  memoryBytes(): number {
    return this.store.storeBytes() + this.store.frontierBytes() + this.frontier.bytes();
  }

  private expandFull(id: number, depth: number): void {
    const cur = this.cur;
    const next = this.next;
    const W = cur.length;
    this.store.readState(id, cur);
    const actions = this.actions;
    const n = actions.length;
    let any = false;
    for (let a = 0; a < n; a++) {
      const action = actions[a]!;
      if (!action.enabled(cur)) continue;
      any = true;
      this.coverage?.fired(a);
      if (depth >= this.maxDepth) {
        this.depthCut = true;
        return;
      }
      for (let w = 0; w < W; w++) next[w] = cur[w]!;
      action.apply(cur, next);
      if (!this.successor(id, a, depth)) return;
    }
    if (!any) this.checkDeadlock(id);
  }

  private expandReduced(id: number, depth: number): void {
    const cur = this.cur;
    const next = this.next;
    const W = cur.length;
    this.store.readState(id, cur);
    const actions = this.actions;
    const enabled: ActionId[] = [];
    for (let a = 0; a < actions.length; a++) if (actions[a]!.enabled(cur)) enabled.push(a);
    // Coverage counts a step enabled in an explored (reachable) state, fired or left out by reduction.
    if (this.coverage !== undefined) for (const a of enabled) this.coverage.fired(a);
    if (enabled.length === 0) return this.checkDeadlock(id);
    if (depth >= this.maxDepth) {
      this.depthCut = true;
      return;
    }
    const chosen = this.expander.select(cur, enabled, this.closed);
    // Soundness guards on the expander: never empty when something is enabled, never a disabled step.
    if (chosen.length === 0) throw new Error(`engine: the expander chose no action in a state with ${enabled.length} enabled`);
    for (const a of chosen) {
      const action = actions[a];
      if (action === undefined || !action.enabled(cur)) throw new Error(`engine: the expander chose action ${a}, which is not enabled`);
      for (let w = 0; w < W; w++) next[w] = cur[w]!;
      action.apply(cur, next);
      if (!this.successor(id, a, depth)) return;
    }
  }

  /** Stores the successor in `next`; false when the search must stop. */
  private successor(parent: number, action: ActionId, depth: number): boolean {
    this.transitions++;
    this.symmetry?.canonicalize(this.next, this.next);
    const id = this.store.findOrInsert(this.next, parent, action);
    if (id >= 0) return this.discovered(id, depth + 1);
    if (id === STORE_FULL) {
      this.stop('max-states');
      return false;
    }
    return true;
  }

  /** A new state (held in `next`) at `depth`: check it and queue it. False when the search must stop. */
  private discovered(id: number, depth: number): boolean {
    if (depth > this.maxDepthSeen) this.maxDepthSeen = depth;
    this.coverage?.seen(this.next);
    const active = this.active;
    for (let k = 0; k < active.length; k++) {
      if (!active[k]!.holds(this.next)) {
        this.violated(this.activeIndex[k]!, id);
        k--;
      }
    }
    this.frontier.add(id, depth);
    return !this.done;
  }

  private checkDeadlock(id: number): void {
    if (this.validEnd !== undefined && this.violation[this.deadlockIndex]! < 0 && !this.validEnd(this.cur)) {
      this.violated(this.deadlockIndex, id);
    }
  }

  private violated(property: number, id: number): void {
    this.violation[property] = id;
    this.pending--;
    const k = this.activeIndex.indexOf(property);
    if (k >= 0) {
      this.active.splice(k, 1);
      this.activeIndex.splice(k, 1);
    }
    // Every property has its verdict: stop early (not a stop reason; the result says `complete: false`).
    if (this.pending === 0) this.finish(false);
  }

  /** Cycle-proviso callback for the expander: the successor by `a` exists and its expansion has started. */
  private isClosed(a: ActionId): boolean {
    const probe = this.probe;
    const cur = this.cur;
    for (let w = 0; w < cur.length; w++) probe[w] = cur[w]!;
    this.actions[a]!.apply(cur, probe);
    this.symmetry?.canonicalize(probe, probe);
    const id = this.store.find(probe);
    return id >= 0 && this.frontier.started(id) && this.shard?.isLeft(id) !== true;
  }

  private finish(exhausted: boolean): true {
    if (!this.done) {
      this.done = true;
      this.exhausted = exhausted;
      this.endMs = performance.now();
    }
    return true;
  }

  stop(reason: StopReason): void {
    if (this.done) return;
    this.stopped = reason;
    this.finish(false);
  }

  get finished(): boolean {
    return this.done;
  }

  /** A plain copy of what the result is built from. */
  snapshot(): SearchSnapshot {
    return {
      model: this.model,
      properties: this.properties,
      paths: this.store,
      roots: this.roots,
      violations: Array.from(this.violation),
      states: this.store.size,
      transitions: this.transitions,
      maxDepth: this.maxDepthSeen,
      depthCut: this.depthCut,
      exhausted: this.exhausted,
      ...(this.stopped === undefined ? {} : { stopped: this.stopped }),
      elapsedSeconds: ((this.endMs ?? performance.now()) - this.startMs) / 1000,
      storeBytes: this.store.storeBytes(),
      fingerprint: this.store.fingerprint,
      ...(this.coverage === undefined ? {} : { coverage: this.coverageResult() }),
      ...(this.symmetry === undefined ? {} : { symmetry: this.symmetry }),
      ...(this.shard === undefined ? {} : { shard: this.shard.stats(this.store.size, this.store.sampleHashes(SHARD_SAMPLE_RATE)) }),
    };
  }

  /** Under symmetry only representatives were expanded: a step counts when one of its twins fired. */
  private coverageResult(): NonNullable<SearchSnapshot['coverage']> {
    const c = this.coverage!.result();
    return this.symmetry === undefined ? c : coverageOverOrbits(c, this.symmetry);
  }

  result(): CheckResult {
    return buildResult(this.snapshot(), this.traces);
  }
}
