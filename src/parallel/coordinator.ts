/**
 * Parallel BFS, level by level, that gives exactly the one-thread search's result for any number of
 * workers: the same states, parents, counts, stopping point and counterexamples.
 *
 * Workers expand the parents of level d in parallel over the shared table; each new state takes the
 * next id and a key (parent's rank in level d, index among the parent's successors, action), the
 * smallest key winning. In the one-thread BFS the states of level d+1 are numbered in exactly that
 * key order, so the coordinator sorts the records by key (a counting sort by parent), which gives
 * their ranks, and replays the one-thread search's events in that order: deadlocks at parents, the
 * state limit, and first violations, stopping where the one-thread search would have stopped.
 * States never move: ids are in order of discovery; only ranks follow the one-thread order.
 */
import type { Model, Symmetry } from '../model/model.js';
import type { Invariant } from '../invariants/invariant.js';
import type { CheckOptions, CheckResult, StopReason, Trace } from '../checker/types.js';
import { propertiesFor, type Property } from '../checker/property.js';
import { buildResult } from '../checker/search-result.js';
import { symmetryFor } from '../checker/symmetry.js';
import type { ProtocolRef } from '../protocols/registry.js';
import { Arena } from './arena.js';
import { levelWorkerFor } from './level-setup.js';
import type { LevelWorker } from './level.js';
import { BATCH, FLAG_DEADLOCK, FLAG_DEPTH_CUT, type FromWorker, type PhaseWork, type WorkerSetup } from './protocol.js';
import { C_FULL, C_NEXT, C_RETRY_NEXT, C_STOP, type SharedStore } from './shared-store.js';
import { sortedLevel } from './merge.js';
import { PoolPasses } from './pool-passes.js';
import { CHECK_EVERY_MS, MAIN_BELOW, MAX_PROPERTIES, SLICE_MS, START_AT, yieldToEvents, type Level, type ParallelTuning } from './tuning.js';

export type { ParallelTuning } from './tuning.js';


export class ParallelRun {
  private readonly arena: Arena;
  private readonly properties: readonly Property[];
  private readonly violation: Int32Array;
  private readonly deadlockIndex: number;
  private pending: number;
  private readonly roots: (Uint32Array | undefined)[] = [];
  private transitions = 0;
  private maxDepthSeen = 0;
  private depthCut = false;
  private exhausted = false;
  private done = false;
  private stopped: StopReason | undefined;
  private readonly startMs = performance.now();
  private endMs: number | undefined;
  private readonly limit: number;
  private level: Level = { start: 0, end: 0, depth: 0, ranks: new SharedArrayBuffer(0), ids: new Int32Array(0) };
  /** States stored, as the one-thread search counts them (ids also count the few left unused). */
  private count = 0;

  private workers = 1;
  /** Per worker, its model's latest underApproximations(). */
  private readonly cutShort: (readonly string[])[] = [];
  private readonly symmetry: Symmetry | undefined;
  /** The coordinator's own expander, with a model of its own (see level-setup.ts). */
  private local: { worker: LevelWorker; model: Model } | undefined;

  constructor(
    private readonly model: Model,
    private readonly invariants: readonly Invariant[],
    private readonly options: CheckOptions,
    private readonly tuning: ParallelTuning = {},
  ) {
    const deadlock = options.deadlock ?? true;
    this.properties = propertiesFor(invariants, deadlock);
    if (this.properties.length > MAX_PROPERTIES) throw new RangeError(`parallel search: at most ${MAX_PROPERTIES} properties`);
    if (model.actions.length >= 32768) throw new RangeError('parallel search: at most 32767 actions');
    this.deadlockIndex = this.properties.findIndex((p) => p.kind === 'deadlock');
    this.violation = new Int32Array(this.properties.length).fill(-1);
    this.pending = this.properties.length;
    this.limit = Math.min(options.maxStates ?? Infinity, 0x7ffffffe);
    this.arena = new Arena(model.layout.words, options.fingerprint ?? false, model.actions.length);
    this.symmetry = symmetryFor(model, options);
  }

  async run(ref: ProtocolRef, workers: number, signal?: AbortSignal): Promise<CheckResult> {
    this.workers = workers;
    this.insertRoots();
    if (this.done) return this.result();
    const setup: WorkerSetup = {
      ref,
      invariants: this.invariants.map((i) => i.name),
      invariantIndex: this.invariants.map((_, i) => i),
      deadlock: this.deadlockIndex >= 0,
      por: this.options.por === true,
      symmetry: this.symmetry !== undefined,
      maxDepth: this.options.maxDepth ?? Infinity,
    };
    const passes = new PoolPasses(setup, this.arena, workers);
    const onAbort = (): void => this.stop('interrupted');
    signal?.addEventListener('abort', onAbort);
    if (signal?.aborted === true) this.stop('interrupted');
    const timer = setInterval(() => this.check(), CHECK_EVERY_MS);
    let nextProgress = this.startMs + (this.options.progressIntervalMs ?? 1000);
    const progress = setInterval(() => {
      if (performance.now() >= nextProgress) {
        nextProgress = performance.now() + (this.options.progressIntervalMs ?? 1000);
        this.report();
      }
    }, Math.min(CHECK_EVERY_MS, this.options.progressIntervalMs ?? 1000));
    try {
      this.local = await levelWorkerFor(setup, 'coordinator');
      if (this.tuning.waitForWorkers === true) await passes.whenReady();
      this.level = this.rootLevel();
      while (!this.done) await this.expandLevel(passes);
    } finally {
      clearInterval(timer);
      clearInterval(progress);
      signal?.removeEventListener('abort', onAbort);
      await passes.close();
    }
    return this.result();
  }

  private insertRoots(): void {
    const W = this.model.layout.words;
    for (const concrete of this.model.initialStates) {
      if (concrete.length !== W) throw new RangeError(`${this.model.name}: initial state has ${concrete.length} words, layout has ${W}`);
      const s = Uint32Array.from(concrete);
      this.symmetry?.canonicalize(s, s);
      if (this.arena.view.find(s) >= 0) continue;
      if (this.count >= this.limit) return this.stop('max-states');
      const id = this.arena.insertRoot(s);
      this.count++;
      // Traces start from the concrete initial state (under symmetry the stored one is its representative).
      this.roots[id] = Uint32Array.from(concrete);
      this.invariants.forEach((inv, k) => {
        if (this.violation[k]! < 0 && !inv.holds(s)) this.violated(k, id);
      });
      if (this.done) return;
    }
  }

  /** The initial states, ranked by id. */
  private rootLevel(): Level {
    const n = this.arena.size;
    const ranks = new SharedArrayBuffer(n * 4);
    const r = new Int32Array(ranks);
    r.forEach((_, i) => (r[i] = i));
    return { start: 0, end: n, depth: 0, ranks, ids: Int32Array.from(r) };
  }

  /**
   * Expands one level in phases (a phase ends early when the table must grow), then merges it: on
   * the coordinator and the workers, or on the coordinator alone while they start and when the
   * level is small.
   */
  private async expandLevel(passes: PoolPasses): Promise<void> {
    const { start, end, depth, ranks, ids } = this.level;
    if (ids.length === 0) return this.finish(true);
    // The workers start once a level is large enough for them; the coordinator goes on meanwhile.
    if (ids.length >= START_AT) passes.start();
    await yieldToEvents();
    if (this.done) return;
    const shared = ids.length >= (this.tuning.mainBelow ?? MAIN_BELOW);
    const L = end - start;
    const trans = new SharedArrayBuffer(L * 4);
    const flags = new SharedArrayBuffer(L);
    const arena = this.arena;
    await arena.startLevel(end, Math.ceil(ids.length * 1.25), passes.rehash(), { start, ranks });
    const counters = arena.view.counters;
    for (const c of [C_FULL, C_NEXT, C_RETRY_NEXT]) Atomics.store(counters, c, 0);
    let activeMask = 0;
    this.violation.forEach((v, i) => (activeMask |= v < 0 ? 1 << i : 0));
    let retry: number[] = [];
    const phases = { generated: 0, events: false };
    // Small levels in small batches, so every worker gets a share.
    const batch = this.tuning.batch ?? Math.max(1, Math.min(BATCH, Math.floor(L / (8 * this.workers))));
    for (;;) {
      const answers = await this.phase(shared ? passes : undefined, { levelStart: start, depth, trans, flags, retry, activeMask, batch });
      for (const a of answers) {
        if (a.kind !== 'phase-done') continue;
        phases.generated += a.generated;
        phases.events ||= a.events;
      }
      if (this.stopped !== undefined) return;
      if (Atomics.load(counters, C_FULL) === 0) break;
      // Left over: what workers gave back, and retries nobody claimed before the table filled.
      const unclaimed = retry.slice(Math.min(Atomics.load(counters, C_RETRY_NEXT), retry.length));
      retry = [...answers.flatMap((a) => (a.kind === 'phase-done' ? a.unfinished : [])), ...unclaimed].sort((a, b) => a - b);
      await arena.makeRoom(passes.rehash());
      Atomics.store(arena.view.counters, C_FULL, 0);
      Atomics.store(arena.view.counters, C_RETRY_NEXT, 0);
    }
    await this.merge(passes, new Int32Array(trans), new Uint8Array(flags), phases);
  }

  /**
   * One phase: on the coordinator and the workers once they are up, or on the coordinator alone
   * when `passes` is undefined (a small level). The coordinator works in slices, letting the event
   * loop run between them (clock checks, Ctrl-C, and workers that come up in the middle of a level).
   */
  private async phase(passes: PoolPasses | undefined, work: PhaseWork): Promise<FromWorker[]> {
    const { worker, model } = this.local!;
    let theirs = passes?.ready === true ? passes.phase(work) : undefined;
    const mine: FromWorker[] = [];
    for (;;) {
      const done = worker.runPhase(work, this.arena.buffers, performance.now() + SLICE_MS);
      mine.push({ kind: 'phase-done', ...done, underApproximations: [] });
      if (!done.more) break;
      await yieldToEvents();
      if (theirs === undefined && passes?.ready === true) theirs = passes.phase(work);
    }
    this.cutShort[this.workers] = model.underApproximations?.() ?? [];
    const answers = theirs === undefined ? [] : await theirs;
    answers.forEach((a, k) => {
      if (a.kind === 'phase-done') this.cutShort[k] = a.underApproximations;
    });
    return [...mine, ...answers];
  }

  /**
   * Ranks the level's new states as the one-thread search numbers them, replays that search's
   * events in that order (deadlocks, the state limit, first violations), then settles the records
   * (parents, actions, ranks) for the next level.
   */
  private async merge(passes: PoolPasses, trans: Int32Array, flags: Uint8Array, phases: { generated: number; events: boolean }): Promise<void> {
    const { end, depth, ids } = this.level;
    const v = this.arena.view;
    const records = this.arena.pending();
    const { offsets, order } = sortedLevel(v, ids.length, records);
    const before = this.count;
    if (!phases.events && before + order.length <= this.limit) {
      // Nothing to replay: no flagged parent, no violation, no cut. The one-thread search would
      // store every new state and count every successor generated.
      this.count = before + order.length;
      this.transitions += phases.generated;
      if (order.length > 0) this.maxDepthSeen = depth + 1;
    } else this.count = this.replayEvents(v, offsets, order, trans, flags);
    const placed = this.count - before;
    const ranks = new SharedArrayBuffer(records * 4);
    new Int32Array(ranks).fill(-1);
    await passes.settle(ids, order, records, placed, ranks);
    this.arena.size = end + records;
    if (this.done) return;
    const next = new Int32Array(new SharedArrayBuffer(placed * 4));
    for (let j = 0; j < placed; j++) next[j] = end + order[j]!;
    this.level = { start: end, end: end + records, depth: depth + 1, ranks, ids: next };
  }

  /** The one-thread search's events over the sorted level; returns the store size where it stops. */
  private replayEvents(v: SharedStore, offsets: Int32Array, order: Int32Array, trans: Int32Array, flags: Uint8Array): number {
    const { start, end, depth, ids } = this.level;
    let count = this.count;
    for (let k = 0; k < ids.length; k++) {
      const p = ids[k]! - start;
      const f = flags[p]!;
      if (f & FLAG_DEPTH_CUT) this.depthCut = true;
      if (f & FLAG_DEADLOCK && this.violation[this.deadlockIndex]! < 0) this.violated(this.deadlockIndex, start + p);
      if (this.done) return count;
      for (let j = offsets[k]!; j < offsets[k + 1]!; j++) {
        const r = order[j]!;
        const g = (v.key32[r << 1]! >>> 0) >>> 16;
        if (count >= this.limit) {
          this.transitions += g + 1;
          this.stop('max-states');
          return count;
        }
        const id = end + r;
        count++;
        this.maxDepthSeen = depth + 1;
        const mask = v.masks[r]!;
        for (let i = 0; mask !== 0 && i < this.properties.length; i++) {
          if ((mask >>> i) & 1 && this.violation[i]! < 0) this.violated(i, id);
        }
        if (this.done) {
          this.transitions += g + 1;
          return count;
        }
      }
      this.transitions += trans[p]!;
    }
    return count;
  }

  private violated(property: number, id: number): void {
    this.violation[property] = id;
    if (--this.pending === 0) this.finish(false);
  }

  private check(): void {
    const o = this.options;
    const now = performance.now();
    if (o.maxSeconds !== undefined && now - this.startMs >= o.maxSeconds * 1000) this.stop('max-seconds');
    else if (o.maxMemoryBytes !== undefined && this.memoryBytes() > o.maxMemoryBytes) this.stop('memory');
  }

  private memoryBytes(): number {
    return this.arena.storeBytes() + this.arena.extraBytes();
  }

  private report(): void {
    const cb = this.options.onProgress;
    if (cb === undefined) return;
    const c = this.arena.view.counters;
    const pending = this.arena.pending();
    const states = this.count + pending;
    const elapsed = (performance.now() - this.startMs) / 1000;
    const taken = Math.min(Atomics.load(c, C_NEXT), this.level.end - this.level.start);
    cb({
      states,
      transitions: this.transitions,
      depth: this.level.depth,
      queued: this.level.end - this.level.start - taken + pending,
      statesPerSecond: elapsed > 0 ? states / elapsed : 0,
      elapsedSeconds: elapsed,
      memoryBytes: this.memoryBytes(),
    });
  }

  private finish(exhausted: boolean): void {
    if (this.done) return;
    this.done = true;
    this.exhausted = exhausted;
    this.endMs = performance.now();
  }

  stop(reason: StopReason): void {
    if (this.done) return;
    this.stopped = reason;
    Atomics.store(this.arena.view.counters, C_STOP, 1);
    this.finish(false);
  }

  private readonly traces: (Trace | undefined)[] = [];

  /**
   * Every worker's model's lines, distinct, in worker order. Models say whether they cut a step
   * short, not how often (that would depend on how work was split), so any N gives the same lines.
   */
  get underApproximations(): readonly string[] {
    return [...new Set(this.cutShort.flat())];
  }

  result(): CheckResult {
    const a = this.arena;
    // Stopped inside a level: its states were found but have no final ids (and no traces).
    const inLevel = this.stopped !== undefined && this.stopped !== 'max-states' ? a.published() : 0;
    a.trim();
    return buildResult(
      {
        model: this.model,
        properties: this.properties,
        paths: a,
        roots: this.roots,
        violations: Array.from(this.violation),
        states: this.count + inLevel,
        transitions: this.transitions,
        maxDepth: this.maxDepthSeen,
        depthCut: this.depthCut,
        exhausted: this.exhausted,
        ...(this.stopped === undefined ? {} : { stopped: this.stopped }),
        elapsedSeconds: ((this.endMs ?? performance.now()) - this.startMs) / 1000,
        storeBytes: a.storeBytes(),
        fingerprint: a.buffers.fingerprint,
        ...(this.symmetry === undefined ? {} : { symmetry: this.symmetry }),
      },
      this.traces,
    );
  }
}
