/**
 * The engine's public vocabulary: options in, results out. Nothing here knows what a model means.
 */
import type { StateVector } from '../model/layout.js';
import type { ActionId, Model } from '../model/model.js';
import type { Invariant } from '../invariants/invariant.js';

export type SearchOrder = 'bfs' | 'dfs';

/** Why a search stopped before exhausting the state space. */
export type StopReason = 'max-states' | 'max-depth' | 'max-seconds' | 'memory' | 'interrupted';

export interface Progress {
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  /** States waiting to be expanded (BFS queue or DFS stack). */
  readonly queued: number;
  readonly statesPerSecond: number;
  readonly elapsedSeconds: number;
  /** Bytes held by the state store and the frontier. */
  readonly memoryBytes: number;
  /**
   * Set once exploring is over and the search does something else with the states: what, e.g.
   * `cycles of fast-path-restored 40%` (the liveness check's SCC search).
   */
  readonly phase?: string;
}

export interface CheckOptions {
  /** `bfs` (default) gives shortest counterexamples; `dfs` uses an explicit stack. */
  readonly search?: SearchOrder;
  /**
   * Partial-order reduction (stubborn sets). Verdicts are the same either way. Shorthand that
   * {@link createSearch} turns into `reduction`; the search loop itself only sees `reduction`.
   */
  readonly por?: boolean;
  /** Builds the expander for a search (default: full expansion). Takes precedence over `por`. */
  readonly reduction?: ReductionFactory;
  /**
   * Symmetry reduction: store one state per orbit of the model's {@link Model.symmetry} group, every
   * successor canonicalized before it is looked up. Verdicts are the same; traces are rebuilt as
   * concrete runs. Needs a model with `symmetry`; does not combine with `por` or `reduction`.
   */
  readonly symmetry?: boolean;
  /** Store 64-bit fingerprints instead of exact states; the result states the omission probability. */
  readonly fingerprint?: boolean;
  /** Report states with no enabled action that the model does not call a valid end. Default true. */
  readonly deadlock?: boolean;
  readonly maxStates?: number;
  readonly maxDepth?: number;
  readonly maxSeconds?: number;
  /** Ceiling on the bytes of the state store plus frontier. */
  readonly maxMemoryBytes?: number;
  /**
   * Explore one part of the space: BFS up to a split depth as usual, then only the states at that
   * depth whose hash falls to this shard (and what they reach). The union of all shards' searches
   * covers the space; their overlap is duplicated work. BFS only.
   */
  readonly shard?: ShardOptions;
  /**
   * Record which actions fire and which invariant antecedents are ever true, and explore everything
   * even after every property has its verdict. The result then has {@link CheckResult.coverage}.
   */
  readonly coverage?: boolean;
  /** Called about once a second (see `progressIntervalMs`). The engine never writes to the terminal. */
  readonly onProgress?: (p: Progress) => void;
  readonly progressIntervalMs?: number;
}

export interface ShardOptions {
  /** 0 <= index < count. */
  readonly index: number;
  readonly count: number;
  /** Split depth; default: the first level with at least {@link SHARD_MIN_LEVEL} states per shard. */
  readonly depth?: number;
}

/** Smallest level, in states per shard, that the default split depth accepts. */
export const SHARD_MIN_LEVEL = 16;

export interface ShardStats {
  /** Depth at which the frontier was split (absent: the space never had a level that large). */
  readonly splitDepth?: number;
  /** States down to the split depth: every shard stores these alike. */
  readonly prefixStates: number;
  /** States at the split depth left to other shards. */
  readonly skipped: number;
  /** Hashes of the stored states that are 0 modulo {@link SHARD_SAMPLE_RATE}, sorted. */
  readonly sample: readonly number[];
}

/** One stored state in this many goes into a shard's hash sample. */
export const SHARD_SAMPLE_RATE = 64;

export interface TraceStep {
  readonly action: ActionId;
  /** The state after the step. */
  readonly state: StateVector;
}

/** A path from an initial state; replayed through the model before it is returned. */
export interface Trace {
  readonly initial: StateVector;
  readonly steps: readonly TraceStep[];
  /**
   * A lasso (liveness counterexample): the run repeats `steps[loopStart..]` forever. The state before
   * `steps[loopStart]` (the initial state when 0) equals the final state. `loopStart === steps.length`
   * is a terminal state repeated (stuttering). Absent: a finite path to a bad state.
   */
  readonly loopStart?: number;
}

export type Verdict = 'holds' | 'violated' | 'incomplete';

export interface PropertyResult {
  /** The invariant's name, or `deadlock`. */
  readonly name: string;
  readonly verdict: Verdict;
  /** Present when violated: a replayed path to a state violating the property. */
  readonly trace?: Trace;
}

export interface SearchStats {
  /** Distinct states stored. */
  readonly states: number;
  readonly transitions: number;
  readonly maxDepth: number;
  readonly elapsedSeconds: number;
  /** Store bytes (keys, parents, actions, table) divided by states. */
  readonly bytesPerState: number;
}

export interface CheckResult {
  /** True when the reachable state space was exhausted. */
  readonly complete: boolean;
  /** Why the search stopped early, if it did (a found violation for every property is not a stop reason). */
  readonly stopped?: StopReason;
  /** One entry per invariant, in the order given, then `deadlock` when deadlock detection is on. */
  readonly properties: readonly PropertyResult[];
  readonly stats: SearchStats;
  /** Sharded searches only. */
  readonly shard?: ShardStats;
  /** Fingerprint mode only: estimated probability that a state was wrongly taken as visited (~n²/2^65). */
  readonly omissionProbability?: number;
  /** With `coverage`: what the explored graph exercised. */
  readonly coverage?: Coverage;
}

export interface Coverage {
  /** Per action (model order): whether it was enabled in some expanded state (so it can fire). */
  readonly fired: readonly boolean[];
  /** Per invariant (order given): whether its antecedent held in some explored state; undefined without one. */
  readonly antecedentSeen: readonly (boolean | undefined)[];
}

/**
 * How a search picks the actions to explore from a state: all of them, or a reduced (stubborn) set.
 * The search loop calls this and nothing else about reduction.
 */
export interface Expander {
  /**
   * A subset of `enabled` (in model order) to explore from `s`. `closed(a)` tells whether the successor
   * by `a` has already been expanded (needed for the cycle proviso).
   */
  select(s: StateVector, enabled: readonly ActionId[], closed: (a: ActionId) => boolean): readonly ActionId[];
}

/** How a search gets its expander, so the search loop depends on no reduction technique. */
export type ReductionFactory = (model: Model, invariants: readonly Invariant[]) => Expander;

/** Parent links of a store, enough to rebuild and check a path (see trace.ts). */
export interface PathSource {
  parentOf(id: number): number;
  actionOf(id: number): number;
  /** Whether `state` is the state stored under `id` (its fingerprint, in fingerprint mode). */
  matches(id: number, state: Uint32Array): boolean;
}
