/**
 * Store-buffer semantics for `x86-tso` and `store-reordering` (see ./memory.ts for what each allows).
 * Entries are kept compacted, oldest first. An entry's fence bit says an smp_wmb() came after it: no
 * younger entry may become visible before it (flushing it out of order hands the bit to the next older).
 */
import type { FieldId, StateVector } from '../layout.js';
import {
  DEC, INC, STORE, acquired, atomicResult, rdSlot, wrSlot,
  type EntrySlots, type MemoryContext, type Semantics, type Slot,
} from './memory.js';
import type { AtomicPrim, LockPrim } from './program.js';

export interface BufferOptions {
  readonly fifo: boolean;
  /**
   * Locations only this thread's steps name (indexed by FieldId): no other CPU can observe when a store
   * to one becomes visible, so it goes straight to memory. Exact, and it keeps buffers for what others see.
   */
  readonly private: Uint8Array;
  /** Non-returning atomics are locked instructions (drain, then memory): x86. */
  readonly lockedAtomics: boolean;
}

export function bufferedSemantics(ctx: MemoryContext, entries: readonly EntrySlots[], opts: BufferOptions): Semantics {
  const { slots, sharedIndex, sharedFields } = ctx;
  const depth = entries.length;
  const overflows = { count: 0 };
  const get = (s: StateVector, f: Slot) => rdSlot(s, f);
  const put = (n: Uint32Array, f: Slot, v: number) => wrSlot(n, f, v);
  const mem = (s: StateVector, loc: FieldId) => rdSlot(s, slots[loc]!);
  const setMem = (n: Uint32Array, loc: FieldId, v: number) => wrSlot(n, slots[loc]!, v);

  const count = (s: StateVector): number => {
    let c = 0;
    while (c < depth && get(s, entries[c]!.loc) !== 0) c++;
    return c;
  };
  const applyEntry = (v: number, op: number, val: number): number => (op === STORE ? val : op === INC ? v + 1 : v - 1);

  function load(s: StateVector, loc: FieldId): number {
    let v = mem(s, loc);
    const want = sharedIndex[loc]!;
    for (let i = 0; i < depth; i++) {
      const e = entries[i]!;
      const l = get(s, e.loc);
      if (l === 0) break;
      if (l === want) v = applyEntry(v, get(s, e.op), get(s, e.val));
    }
    return v;
  }

  /** Makes entry `i` visible and closes the gap; a fence after it moves to the next older entry. */
  function flush(n: Uint32Array, i: number): void {
    const e = entries[i]!;
    const loc = sharedFields[get(n, e.loc)]!;
    setMem(n, loc, applyEntry(mem(n, loc), get(n, e.op), get(n, e.val)));
    if (get(n, e.fence) === 1 && i > 0) put(n, entries[i - 1]!.fence, 1);
    const c = count(n);
    for (let j = i; j < c - 1; j++) {
      const a = entries[j]!;
      const b = entries[j + 1]!;
      put(n, a.loc, get(n, b.loc));
      put(n, a.op, get(n, b.op));
      put(n, a.val, get(n, b.val));
      put(n, a.fence, get(n, b.fence));
      put(n, a.release, get(n, b.release));
    }
    const last = entries[c - 1]!;
    for (const f of [last.loc, last.op, last.val, last.fence, last.release]) put(n, f, 0);
  }

  const drain = (n: Uint32Array): void => {
    while (get(n, entries[0]!.loc) !== 0) flush(n, 0);
  };

  function flushable(s: StateVector): number {
    const c = count(s);
    if (c === 0) return 0;
    if (opts.fifo) return 1;
    let bits = 1;
    // Entry i may pass the older entries unless one of them is for its location or is followed by a fence.
    let blocked = get(s, entries[0]!.fence) === 1;
    const seen = [get(s, entries[0]!.loc)];
    for (let i = 1; i < c; i++) {
      const e = entries[i]!;
      const l = get(s, e.loc);
      if (!blocked && get(s, e.release) === 0 && !seen.includes(l)) bits |= 1 << i;
      seen.push(l);
      if (get(s, e.fence) === 1) blocked = true;
    }
    return bits;
  }

  function append(n: Uint32Array, loc: FieldId, op: number, val: number, release: boolean): void {
    if (get(n, entries[depth - 1]!.loc) !== 0) {
      overflows.count++;
      flush(n, 0);
    }
    const e = entries[count(n)]!;
    put(n, e.loc, sharedIndex[loc]!);
    put(n, e.op, op);
    put(n, e.val, val);
    put(n, e.release, release && !opts.fifo ? 1 : 0);
  }

  /**
   * Makes every entry for `loc` visible, and only the older entries that must go first (one followed
   * by smp_wmb(), or everything older than a release). Taking or writing the lock word needs them:
   * coherence. With every lock-word entry a release this is all entries up to the youngest one.
   */
  function flushLoc(n: Uint32Array, loc: FieldId): void {
    const want = sharedIndex[loc]!;
    for (;;) {
      let i = 0;
      while (i < depth && get(n, entries[i]!.loc) !== 0 && get(n, entries[i]!.loc) !== want) i++;
      if (i === depth || get(n, entries[i]!.loc) === 0) return;
      flush(n, (flushable(n) >>> i) & 1 ? i : 0);
    }
  }

  const own = opts.private;
  return {
    load,
    store(n, loc, value, release) {
      if (own[loc] === 1) setMem(n, loc, value);
      else append(n, loc, STORE, value, release);
    },
    atomic(n, loc, prim: AtomicPrim) {
      if (own[loc] === 1) {
        setMem(n, loc, atomicResult(prim, mem(n, loc), 0));
        return;
      }
      if (opts.lockedAtomics) {
        drain(n);
        setMem(n, loc, atomicResult(prim, mem(n, loc), 0));
        return;
      }
      if (prim === 'atomic_inc') append(n, loc, INC, 0, false);
      else if (prim === 'atomic_dec') append(n, loc, DEC, 0, false);
      else append(n, loc, STORE, prim === 'set_bit' ? 1 : 0, false);
    },
    atomicReturn(n, loc, prim, value) {
      drain(n);
      const old = mem(n, loc);
      setMem(n, loc, atomicResult(prim, old, value));
      return old;
    },
    barrier(n, prim) {
      if (prim === 'smp_rmb') return;
      if (prim === 'smp_wmb') {
        if (opts.fifo) return;
        const c = count(n);
        if (c > 0) put(n, entries[c - 1]!.fence, 1);
        return;
      }
      // smp_mb(); smp_mb__{before,after}_atomic() (compiler barriers on x86, where atomics drain anyway).
      if (prim === 'smp_mb' || !opts.lockedAtomics) drain(n);
    },
    acquire(n, lock, prim: LockPrim, ordered: boolean) {
      if (own[lock] !== 1) {
        // x86: a locked instruction drains the buffer; ablated (or store-reordering), only coherence.
        if (opts.fifo && ordered) drain(n);
        else flushLoc(n, lock);
      }
      setMem(n, lock, acquired(prim, mem(n, lock), slots[lock]!.m));
    },
    unlock(n, lock, prim: LockPrim, ordered: boolean) {
      const dec = prim === 'read_unlock';
      if (own[lock] === 1 || (opts.fifo && !ordered)) {
        // Ablated on x86: the lock word is written at once, ahead of the CPU's buffered stores.
        if (own[lock] !== 1) flushLoc(n, lock);
        setMem(n, lock, dec ? mem(n, lock) - 1 : 0);
        return;
      }
      if (dec && opts.fifo) {
        // x86: read_unlock is a locked decrement.
        drain(n);
        setMem(n, lock, mem(n, lock) - 1);
        return;
      }
      // A release entry (FIFO order gives x86 its release for free); ablated, a plain store.
      append(n, lock, dec ? DEC : STORE, 0, ordered);
    },
    flushable,
    flush,
    overflows,
  };
}
