/**
 * Memory models as semantics of the kernel primitives of ./program.ts. No step is written per model:
 * the same program runs under each.
 *
 *  - `sc`: every access goes straight to memory; barriers do nothing.
 *  - `x86-tso`: one FIFO store buffer per CPU with forwarding to the CPU's own loads. Locked
 *    instructions (bit operations, atomics, xchg, lock acquisition, read_unlock's locked decrement) and
 *    smp_mb() drain the buffer first and act on memory. smp_wmb(), smp_rmb() and
 *    smp_mb__{before,after}_atomic() only constrain the compiler.
 *  - `store-reordering`: stores and non-value-returning atomics wait in a per-CPU buffer and become
 *    visible one at a time, each applied to memory atomically, in any order except that (a) two entries
 *    for the same location keep program order (coherence), (b) nothing passes an older entry followed by
 *    smp_wmb(), and (c) a release (spin_unlock, write_unlock, read_unlock, mutex_unlock,
 *    smp_store_release) becomes visible only after everything before it. Loads are never delayed, so
 *    smp_rmb() is a no-op. Value-returning atomics, smp_mb() and smp_mb__{before,after}_atomic() drain
 *    the buffer. A lock acquisition does not hold back earlier stores; it waits only for the CPU's own
 *    pending entries on the lock word. This model is stronger than LKMM: it never reorders loads.
 *
 * Lock ablation (`audit-check barriers`) can take one lock site's ordering away and keep its exclusion;
 * what that means per model is {@link lockOrderingMatters}.
 *
 * Buffers belong to threads here; they stand for their CPU's because every place a thread can leave a
 * CPU (schedule(), do_exit) is written with its full barrier, so a CPU's buffer only ever holds the
 * stores of the thread running on it. A store into a full buffer first makes the oldest entry visible,
 * which only removes behaviours; {@link Semantics.overflows} counts it so a verdict can say it is bounded.
 */
import type { FieldId, FieldSpec, Layout, StateVector } from '../layout.js';
import { ACQUIRES, type AtomicPrim, type AtomicReturnPrim, type BarrierPrim, type LockPrim } from './program.js';

export const MEMORY_MODELS = ['sc', 'x86-tso', 'store-reordering'] as const;
export type MemoryModelName = (typeof MEMORY_MODELS)[number];

export const MEMORY_MODEL_SUMMARIES: Readonly<Record<MemoryModelName, string>> = {
  sc: 'sequential consistency: every access goes to memory in program order; barriers do nothing',
  'x86-tso': 'x86-TSO: FIFO store buffer per CPU with forwarding; locked instructions and smp_mb() drain it',
  'store-reordering': 'stores and non-returning atomics become visible out of order (not past smp_wmb(), a release, or a same-location store); loads stay in order',
};

export type LockKind = 'spinlock' | 'rwlock' | 'mutex';

export type FieldDecl = FieldSpec &
  (
    | { readonly kind: 'shared'; readonly lock?: LockKind }
    | { readonly kind: 'local'; readonly owners: readonly number[] }
    | { readonly kind: 'ghost' }
  );

/** Packing of one field, for the hot loop. */
export interface Slot {
  readonly w: number;
  readonly sh: number;
  readonly m: number;
  /** The field's name, for the error when a value does not fit. */
  readonly name: string;
}

export const rdSlot = (s: StateVector, f: Slot): number => (s[f.w]! >>> f.sh) & f.m;
export function wrSlot(n: Uint32Array, f: Slot, v: number): void {
  if (!(v >= 0 && v <= f.m)) throw new RangeError(`field ${f.name}: value ${v} does not fit`);
  n[f.w] = ((n[f.w]! & ~(f.m << f.sh)) | (v << f.sh)) >>> 0;
}

/** Entry kinds in a store buffer. */
const STORE = 0;
const INC = 1;
const DEC = 2;

/** One store-buffer entry's fields. `loc` is 1 + the location's index among shared fields; 0 = empty. */
export interface EntrySlots {
  readonly loc: Slot;
  readonly op: Slot;
  readonly val: Slot;
  /** An smp_wmb() follows this entry: younger entries may not become visible before it. */
  readonly fence: Slot;
  readonly release: Slot;
}

const bitsFor = (max: number): number => Math.max(1, Math.ceil(Math.log2(max + 1)));

/** The field specs of `thread`'s store buffer of `depth` entries. */
export function bufferFieldSpecs(threadName: string, depth: number, sharedCount: number, valueBits: number): FieldSpec[] {
  const out: FieldSpec[] = [];
  for (let i = 0; i < depth; i++) {
    const p = `${threadName}.sb[${i}]`;
    out.push(
      { name: `${p}.loc`, bits: bitsFor(sharedCount) },
      { name: `${p}.op`, bits: 2 },
      { name: `${p}.val`, bits: valueBits },
      { name: `${p}.fence`, bits: 1 },
      { name: `${p}.release`, bits: 1 },
    );
  }
  return out;
}

/** What a step's primitives do to memory under one model, for one thread. */
export interface Semantics {
  /** The value `loc` has for this thread: its own pending stores first (forwarding), then memory. */
  load(n: StateVector, loc: FieldId): number;
  store(n: Uint32Array, loc: FieldId, value: number, release: boolean): void;
  atomic(n: Uint32Array, loc: FieldId, prim: AtomicPrim): void;
  /** Fully ordered in every model; returns the old value. */
  atomicReturn(n: Uint32Array, loc: FieldId, prim: AtomicReturnPrim, value: number): number;
  barrier(n: Uint32Array, prim: BarrierPrim): void;
  /**
   * Lock acquisition: the lock word is read-modify-written in memory. `ordered` false: the site's
   * ordering was ablated ({@link lockOrderingMatters}); it still excludes.
   */
  acquire(n: Uint32Array, lock: FieldId, prim: LockPrim, ordered: boolean): void;
  unlock(n: Uint32Array, lock: FieldId, prim: LockPrim, ordered: boolean): void;
  /** Flushable entries of the buffer (bit i = entry i may become visible now). */
  flushable(s: StateVector): number;
  /** Makes entry `i` visible. */
  flush(n: Uint32Array, i: number): void;
  /** Stores that found the buffer full (each made the oldest entry visible first). */
  readonly overflows: { count: number };
}

export interface MemoryContext {
  readonly layout: Layout;
  readonly slots: readonly Slot[];
  /** 1-based index of each shared field, 0 for others; indexed by FieldId. */
  readonly sharedIndex: Int32Array;
  /** FieldId of each shared index (index 0 unused). */
  readonly sharedFields: readonly FieldId[];
  readonly name: (f: FieldId) => string;
}

/** The value written by a non-returning atomic on `old`. One-bit flags: set/clear; counters: +-1. */
export function atomicResult(prim: AtomicPrim | AtomicReturnPrim, old: number, value: number): number {
  switch (prim) {
    case 'set_bit':
    case 'test_and_set_bit':
      return 1;
    case 'clear_bit':
      return 0;
    case 'atomic_inc':
    case 'atomic_inc_return':
      return old + 1;
    case 'atomic_dec':
      return old - 1;
    case 'xchg':
      return value;
  }
}

/** Lock word after acquisition by `prim`; rwlocks count readers and use the field's maximum for a writer. */
export function acquired(prim: LockPrim, old: number, max: number): number {
  if (prim === 'read_lock') return old + 1;
  return prim === 'write_lock' ? max : 1;
}

export function available(prim: LockPrim, v: number, max: number): boolean {
  if (prim === 'read_lock') return v < max - 1;
  return v === 0;
}

/**
 * Whether a lock primitive orders anything under `model` that ablating its ordering would give up
 * (docs/memory-models.md, "A lock's ordering"):
 *  - `sc`: nothing is ever reordered, so no lock orders anything;
 *  - `x86-tso`: an acquisition is a locked instruction that drains the CPU's buffer, and an unlock
 *    waits in the FIFO behind every earlier store; without its ordering an acquisition leaves the
 *    buffer alone and an unlock writes the lock word at once, ahead of the buffered stores;
 *  - `store-reordering`: an unlock is a release (visible only after everything older); without it it
 *    is a plain store of the lock word. An acquisition already holds back no earlier store and loads
 *    are never reordered, so it orders nothing this model could reorder.
 * Where this is false the semantics ignore the flag: the search is the same as with the ordering.
 */
export function lockOrderingMatters(model: MemoryModelName, prim: LockPrim): boolean {
  if (prim === 'rcu_read_lock' || prim === 'rcu_read_unlock') return false;
  if (model === 'sc') return false;
  return model === 'x86-tso' || !ACQUIRES.has(prim);
}

/** Sequential consistency: memory only. */
export function scSemantics(ctx: MemoryContext): Semantics {
  const { slots } = ctx;
  const get = (s: StateVector, f: FieldId) => rdSlot(s, slots[f]!);
  const put = (n: Uint32Array, f: FieldId, v: number) => wrSlot(n, slots[f]!, v);
  return {
    load: get,
    store: (n, loc, v) => put(n, loc, v),
    atomic: (n, loc, prim) => put(n, loc, atomicResult(prim, get(n, loc), 0)),
    atomicReturn(n, loc, prim, v) {
      const old = get(n, loc);
      put(n, loc, atomicResult(prim, old, v));
      return old;
    },
    barrier: () => undefined,
    acquire: (n, lock, prim) => put(n, lock, acquired(prim, get(n, lock), slots[lock]!.m)),
    unlock: (n, lock, prim) => put(n, lock, prim === 'read_unlock' ? get(n, lock) - 1 : 0),
    flushable: () => 0,
    flush: () => undefined,
    overflows: { count: 0 },
  };
}

export { STORE, INC, DEC };
