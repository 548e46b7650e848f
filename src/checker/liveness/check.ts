/**
 * The liveness check: explore the whole reachable graph (full expansion, exact store), then for each
 * case of each property decompose its subgraph into SCCs (tarjan.ts) and look for a fair cycle
 * (witness.ts); the first one found becomes a replayed, re-checked lasso (lasso.ts). Runs in slices
 * like the safety search, so a caller can print progress and interrupt it.
 *
 * Verdicts: `violated` with a lasso; `holds` only when the whole reachable graph was explored and
 * every case decomposed; otherwise `incomplete`. A graph cut short by `maxStates` is still searched
 * for cycles: a cycle among stored states is a real one, but their absence proves nothing.
 */
import type { Model } from '../../model/model.js';
import type { LivenessProperty } from '../property.js';
import type { Progress, PropertyResult, SearchStats, StopReason, Trace } from '../types.js';
import { CaseView, caseGroups } from './case-view.js';
import type { LivenessCase } from '../property.js';
import { ReachableGraph } from './graph.js';
import { SafetyObserver, type SideSafety } from './safety.js';
import { buildLasso } from './lasso.js';
import { CaseTarjan, TARJAN_BYTES_PER_STATE, TarjanArrays } from './tarjan.js';

export interface LivenessOptions {
  readonly maxStates?: number;
  readonly maxSeconds?: number;
  /** Ceiling on the bytes of the state store plus the SCC arrays ({@link TARJAN_BYTES_PER_STATE} per state). */
  readonly maxMemoryBytes?: number;
  /** Aborting stops the check: `incomplete` with `interrupted` for what is undecided. */
  readonly signal?: AbortSignal;
  /** Called about once a second (see `progressIntervalMs`). */
  readonly onProgress?: (p: Progress) => void;
  readonly progressIntervalMs?: number;
  /** Invariants and deadlock freedom to decide in the same exploration (see safety.ts). */
  readonly safety?: SideSafety;
}

export interface LivenessPropertyResult extends PropertyResult {
  /** Violated only: the label of the case the lasso is a counterexample to. */
  readonly case?: string;
  /** Names of the threads the verdict assumes weakly fair (the model's thread names). */
  readonly fairThreads: readonly string[];
}

export interface LivenessResult {
  /** True when the whole reachable graph was explored and every case decided. */
  readonly complete: boolean;
  readonly stopped?: StopReason;
  /** One per property, in the order given. */
  readonly properties: readonly LivenessPropertyResult[];
  /** With `safety`: its invariants, then deadlock if asked, decided on the same graph. */
  readonly safety?: readonly PropertyResult[];
  /** Whether the whole reachable graph was explored (the safety verdicts are then final). */
  readonly graphComplete: boolean;
  readonly stats: SearchStats;
}

/** A liveness check that runs in slices (see the safety search's `Search`). */
export interface LivenessCheck {
  /** Runs for about `sliceMs` milliseconds; true when the check has finished. */
  run(sliceMs: number): boolean;
  stop(reason: StopReason): void;
  result(): LivenessResult;
}

/** States expanded between two looks at the clock. */
const EXPAND_BATCH = 256;

class LivenessRun implements LivenessCheck {
  private readonly graph: ReachableGraph;
  private readonly safety: SafetyObserver | undefined;
  private arrays: TarjanArrays | undefined;
  private tarjan: CaseTarjan | undefined;
  private prop = 0;
  /** Index of the case group being decomposed, in {@link groups}[prop]. */
  private group = 0;
  private readonly groups: readonly (readonly LivenessCase[][])[];
  /** Per property: a lasso, or undefined. */
  private readonly traces: (Trace | undefined)[];
  private readonly caseOf: (string | undefined)[];
  /** Per property: every case decomposed without a counterexample. */
  private readonly holds: boolean[];
  private done = false;
  private stopped: StopReason | undefined;
  private readonly startMs = performance.now();
  private endMs: number | undefined;
  private nextProgressMs: number;

  constructor(
    private readonly model: Model,
    private readonly properties: readonly LivenessProperty[],
    private readonly options: LivenessOptions,
  ) {
    for (const p of properties) {
      // A named thread without actions is always disabled, so trivially fair; an unknown one is a bug.
      const bad = p.fairThreads.find((t) => !Number.isInteger(t) || t < 0 || (t >= model.threadNames.length && !model.actions.some((a) => a.thread === t)));
      if (bad !== undefined) throw new RangeError(`${p.name}: fair thread ${bad} is not a thread of ${model.name}`);
    }
    this.safety = options.safety === undefined ? undefined : new SafetyObserver(model, options.safety);
    this.graph = new ReachableGraph(model, options.maxStates, this.safety);
    this.groups = properties.map((p) => caseGroups(p.cases));
    this.traces = properties.map(() => undefined);
    this.caseOf = properties.map(() => undefined);
    this.holds = properties.map(() => false);
    this.nextProgressMs = this.startMs + (options.progressIntervalMs ?? 1000);
    if (properties.length === 0 && options.safety === undefined) this.finish();
  }

  run(sliceMs: number): boolean {
    const deadline = performance.now() + sliceMs;
    while (!this.done) {
      if (this.options.signal?.aborted === true) this.stop('interrupted');
      else if (!this.graph.done) this.graph.expand(EXPAND_BATCH);
      else if (!this.decompose(deadline)) return this.done;
      if (this.tick(deadline)) return this.done;
    }
    return true;
  }

  /** Advances the SCC phase; false when the slice is over. */
  private decompose(deadline: number): boolean {
    if (this.prop >= this.properties.length) {
      this.finish();
      return true;
    }
    if (this.arrays === undefined) {
      const n = this.graph.states;
      const max = this.options.maxMemoryBytes;
      if (max !== undefined && this.graph.store.storeBytes() + n * TARJAN_BYTES_PER_STATE > max) {
        this.stop('memory');
        return true;
      }
      this.arrays = new TarjanArrays(n);
    }
    const p = this.properties[this.prop];
    if (p === undefined) {
      this.finish();
      return true;
    }
    const group = this.groups[this.prop]![this.group];
    if (group === undefined || this.traces[this.prop] !== undefined) {
      this.holds[this.prop] = this.traces[this.prop] === undefined;
      this.prop++;
      this.group = 0;
      return true;
    }
    this.tarjan ??= new CaseTarjan(this.model, this.graph, group.map((c) => new CaseView(this.model, p, c)), this.arrays);
    const status = this.tarjan.run(deadline);
    if (status === 'slice') return false;
    if (status === 'found') {
      const view = this.tarjan.found!;
      this.traces[this.prop] = buildLasso(this.model, this.graph, view, this.arrays, this.tarjan.witness!);
      this.caseOf[this.prop] = view.kase.label;
    }
    this.tarjan = undefined;
    this.group++;
    return true;
  }

  /** Progress and limits; true when the slice is over. */
  private tick(deadline: number): boolean {
    const now = performance.now();
    const o = this.options;
    const elapsed = (now - this.startMs) / 1000;
    if (o.onProgress !== undefined && now >= this.nextProgressMs) {
      this.nextProgressMs = now + (o.progressIntervalMs ?? 1000);
      const g = this.graph;
      o.onProgress({
        states: g.states,
        transitions: g.transitions,
        depth: g.maxDepth,
        queued: g.states - g.expanded,
        statesPerSecond: elapsed > 0 ? g.states / elapsed : 0,
        elapsedSeconds: elapsed,
        memoryBytes: this.memoryBytes(),
        ...this.phase(),
      });
    }
    if (o.maxSeconds !== undefined && elapsed >= o.maxSeconds) this.stop('max-seconds');
    else if (o.maxMemoryBytes !== undefined && this.memoryBytes() > o.maxMemoryBytes) this.stop('memory');
    return this.done || now >= deadline;
  }

  /** After exploring: which property's cycles are being looked for, and how far through the states. */
  private phase(): { phase?: string } {
    const p = this.properties[this.prop];
    if (!this.graph.done || p === undefined) return {};
    const groups = this.groups[this.prop]!.length;
    const done = (this.group + (this.tarjan?.fractionTried ?? 0)) / Math.max(1, groups);
    return { phase: `cycles of ${p.name} ${Math.floor(100 * done)}%` };
  }

  private memoryBytes(): number {
    return this.graph.store.storeBytes() + (this.arrays?.bytes() ?? 0);
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.endMs = performance.now();
  }

  stop(reason: StopReason): void {
    if (this.done) return;
    this.stopped = reason;
    this.finish();
  }

  result(): LivenessResult {
    const g = this.graph;
    const stopped = this.stopped ?? (g.full ? 'max-states' : undefined);
    const complete = this.done && stopped === undefined;
    const names = (p: LivenessProperty): string[] => p.fairThreads.map((t) => this.model.threadNames[t] ?? `thread ${t}`);
    const properties = this.properties.map((p, k): LivenessPropertyResult => {
      const trace = this.traces[k];
      if (trace !== undefined) return { name: p.name, verdict: 'violated', trace, case: this.caseOf[k]!, fairThreads: names(p) };
      return { name: p.name, verdict: complete && this.holds[k] ? 'holds' : 'incomplete', fairThreads: names(p) };
    });
    const bytes = g.store.storeBytes();
    const graphComplete = !g.full && g.expanded >= g.states;
    return {
      complete,
      ...(stopped === undefined ? {} : { stopped }),
      properties,
      ...(this.safety === undefined ? {} : { safety: this.safety.results(g, graphComplete) }),
      graphComplete,
      stats: {
        states: g.states,
        transitions: g.transitions,
        maxDepth: g.maxDepth,
        elapsedSeconds: ((this.endMs ?? performance.now()) - this.startMs) / 1000,
        bytesPerState: g.states === 0 ? 0 : bytes / g.states,
      },
    };
  }
}

/** Creates a liveness check over `model`; nothing is explored until {@link LivenessCheck.run}. */
export function createLivenessCheck(model: Model, properties: readonly LivenessProperty[], options: LivenessOptions = {}): LivenessCheck {
  return new LivenessRun(model, properties, options);
}

/** Runs a whole liveness check on this thread. Every lasso in the result is replayed and re-checked. */
export function checkLiveness(model: Model, properties: readonly LivenessProperty[], options: LivenessOptions = {}): LivenessResult {
  const check = createLivenessCheck(model, properties, options);
  while (!check.run(1000));
  return check.result();
}
