/** Messages between the coordinator and its worker threads (all structured-clonable). */
import type { ProtocolRef } from '../protocols/registry.js';
import type { StoreDelta } from './store-delta.js';
import type { Buckets } from './rehash.js';

/** What a worker is started with: enough to rebuild the model and its invariants itself. */
export interface WorkerSetup {
  readonly ref: ProtocolRef;
  /** The searched invariants by name, in property order. */
  readonly invariants: readonly string[];
  /** Property index of each invariant (deadlock, when present, has its own index). */
  readonly invariantIndex: readonly number[];
  readonly deadlock: boolean;
  readonly por: boolean;
  /** Canonicalize every successor by the model's symmetry (the worker's own model has the same). */
  readonly symmetry: boolean;
  readonly maxDepth: number;
}

/** Expand the parents of one level (or what is left of them after a table growth). */
export interface PhaseMessage extends PhaseWork {
  readonly kind: 'phase';
  readonly store: StoreDelta;
}

/** A phase's work, wherever it runs (a worker, or the coordinator itself). */
export interface PhaseWork {
  readonly levelStart: number;
  readonly depth: number;
  /** Per parent (index - levelStart): successors generated; and flag bits. */
  readonly trans: SharedArrayBuffer;
  readonly flags: SharedArrayBuffer;
  /** Parents to expand before taking new ones (left over when the table filled up). */
  readonly retry: readonly number[];
  /** Bit per property: still without a violation when the level began. */
  readonly activeMask: number;
  /** Parents a worker claims at a time. */
  readonly batch: number;
}

/** Rehash, first pass: bucket the stored states with ids `lo..hi` by partition of the grown table. */
export interface BucketMessage {
  readonly kind: 'bucket';
  readonly store: StoreDelta;
  readonly lo: number;
  readonly hi: number;
}

/** Rehash, second pass: fill partitions `plo..phi` of the grown table from every worker's buckets. */
export interface FillMessage {
  readonly kind: 'fill';
  readonly store: StoreDelta;
  readonly buckets: readonly Buckets[];
  readonly plo: number;
  readonly phi: number;
}

/**
 * Settle this worker's share of a level just found: parents and actions of records `lo..hi`
 * (parentIds: the expanded level's ids by rank), and the ranks of `order[jlo..jhi)`.
 */
export interface LinkMessage {
  readonly kind: 'link';
  readonly store: StoreDelta;
  readonly parentIds: SharedArrayBuffer;
  readonly order: SharedArrayBuffer;
  readonly ranks: SharedArrayBuffer;
  readonly lo: number;
  readonly hi: number;
  readonly jlo: number;
  readonly jhi: number;
}

export type ToWorker = PhaseMessage | BucketMessage | FillMessage | LinkMessage | { readonly kind: 'exit' };

export type FromWorker =
  | { readonly kind: 'ready' }
  | { readonly kind: 'phase-done'; readonly unfinished: readonly number[]; readonly underApproximations: readonly string[] }
  | { readonly kind: 'buckets'; readonly buckets: Buckets }
  | { readonly kind: 'bulk-done'; readonly spilled?: readonly number[] }
  | { readonly kind: 'error'; readonly message: string };

export const FLAG_DEADLOCK = 1;
export const FLAG_DEPTH_CUT = 2;
/** Most parents a worker claims at a time: small enough to balance, large enough to keep CAS traffic low. */
export const BATCH = 64;
