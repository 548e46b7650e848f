/**
 * The visited-state store shared by the worker threads: one lock-free open-addressing table in a
 * SharedArrayBuffer, and arenas the threads read without locks.
 *
 * Ids are the sequential engine's: the states of a finished BFS level have the dense ids the one-thread
 * search gives them (see coordinator.ts), stored in growable arenas (`states`, `fps`, `parents`,
 * `acts`), 18–20 bytes per state as in the one-thread store. States found while a level is expanded are
 * "pending": table entries refer to `levelEnd + r` for pending record `r`, whose words, key and slot
 * live in per-level buffers until the coordinator gives them their final ids.
 *
 * A new state is published by one compare-and-swap of its table slot from 0, after its record is
 * written; a record's key (parent id, generation index, action) can only decrease, by a CAS loop, so
 * the parent that wins is the one the one-thread search would have recorded.
 */
import { SEED_A, SEED_B, hashWords } from '../checker/hash.js';

export const MAX_LOAD = 0.8;
/**
 * Table growth: 2x, not the one-thread store's 1.4x. Every growth pauses all workers for a rehash, and
 * doubling rehashes 2n entries in all instead of 3.5n; at the synthetic bench's 10.6M states the
 * table ends 1% larger (19.43 instead of 19.36 bytes per state).
 */
export const GROWTH = 2;
/** Returned by {@link SharedStore.findOrInsert} when the table has no room left for this phase. */
export const TABLE_FULL = -0x80000000;
/** Counter words. */
export const C_PENDING = 0;
export const C_FULL = 1;
export const C_STOP = 2;
export const C_NEXT = 3;
export const C_RETRY_NEXT = 4;
export const COUNTERS = 8;
export const CHUNK_SHIFT = 16;
export const CHUNK = 1 << CHUNK_SHIFT;
export const CHUNK_MASK = CHUNK - 1;

/** Everything a thread needs to view the store; structured-clonable. */
export interface StoreBuffers {
  readonly words: number;
  readonly fingerprint: boolean;
  readonly actionBytes: 1 | 2 | 4;
  readonly counters: SharedArrayBuffer;
  readonly table: SharedArrayBuffer;
  /** Final states in chunks of {@link CHUNK} ids (plain buffers: typed arrays over growable ones are slow). */
  readonly states: readonly SharedArrayBuffer[];
  readonly fps: readonly SharedArrayBuffer[];
  readonly parents: readonly SharedArrayBuffer[];
  readonly acts: readonly SharedArrayBuffer[];
  /** Pending records of the level being expanded; capacity `maxFill - levelEnd`. */
  readonly pendStates: SharedArrayBuffer;
  readonly pendFps: SharedArrayBuffer;
  readonly pendKeys: SharedArrayBuffer;
  readonly pendSlots: SharedArrayBuffer;
  readonly pendMasks: SharedArrayBuffer;
  /** States with final ids; ids at or above it in the table are pending records. */
  readonly levelEnd: number;
}

const TWO_TO_MINUS_32 = 2 ** -32;

export function slotOf(h: number, size: number): number {
  return ((h >>> 0) * size * TWO_TO_MINUS_32) | 0;
}

export function maxFillOf(size: number): number {
  return Math.floor(size * MAX_LOAD);
}

function actionArray(bytes: 1 | 2 | 4, buf: SharedArrayBuffer): Uint8Array | Uint16Array | Uint32Array {
  return bytes === 1 ? new Uint8Array(buf) : bytes === 2 ? new Uint16Array(buf) : new Uint32Array(buf);
}

export class SharedStore {
  readonly words: number;
  readonly fingerprint: boolean;
  readonly counters: Int32Array;
  readonly table: Int32Array;
  readonly tableSize: number;
  readonly maxFill: number;
  readonly idMask: number;
  readonly tagMask: number;
  private readonly idBits: number;
  readonly states: Uint32Array[];
  readonly fps: Uint32Array[];
  readonly parents: Int32Array[];
  readonly acts: (Uint8Array | Uint16Array | Uint32Array)[];
  readonly pendStates: Uint32Array;
  readonly pendFps: Uint32Array;
  readonly pendKey32: Int32Array;
  readonly pendKey64: BigInt64Array;
  readonly pendSlots: Int32Array;
  readonly pendMasks: Uint32Array;
  readonly levelEnd: number;
  /** A pending record this thread allocated but lost the race for (reused for the next new state). */
  private spare = -1;

  constructor(readonly buffers: StoreBuffers) {
    const b = buffers;
    this.words = b.words;
    this.fingerprint = b.fingerprint;
    this.counters = new Int32Array(b.counters);
    this.table = new Int32Array(b.table);
    this.tableSize = this.table.length;
    this.maxFill = maxFillOf(this.tableSize);
    this.idBits = 32 - Math.clz32(this.maxFill + 1);
    this.idMask = this.idBits >= 32 ? -1 : (1 << this.idBits) - 1;
    this.tagMask = ~this.idMask;
    this.states = b.states.map((c) => new Uint32Array(c));
    this.fps = b.fps.map((c) => new Uint32Array(c));
    this.parents = b.parents.map((c) => new Int32Array(c));
    this.acts = b.acts.map((c) => actionArray(b.actionBytes, c));
    this.pendStates = new Uint32Array(b.pendStates);
    this.pendFps = new Uint32Array(b.pendFps);
    this.pendKey32 = new Int32Array(b.pendKeys);
    this.pendKey64 = new BigInt64Array(b.pendKeys);
    this.pendSlots = new Int32Array(b.pendSlots);
    this.pendMasks = new Uint32Array(b.pendMasks);
    this.levelEnd = b.levelEnd;
  }

  tagOf(h: number): number {
    return this.idBits >= 32 ? 0 : (Math.imul(h, 0x9e3779b1) >>> this.idBits) << this.idBits;
  }

  /** Whether the stored state `ref` (final id or pending) equals `buf`, whose hashes are h, h2. */
  private equals(ref: number, buf: Uint32Array, h: number, h2: number): boolean {
    const W = this.words;
    const final = ref < this.levelEnd;
    if (this.fingerprint) {
      const f = final ? this.fps[ref >>> CHUNK_SHIFT]! : this.pendFps;
      const o = (final ? ref & CHUNK_MASK : ref - this.levelEnd) << 1;
      return f[o] === h >>> 0 && f[o + 1] === h2 >>> 0;
    }
    const k = final ? this.states[ref >>> CHUNK_SHIFT]! : this.pendStates;
    const o = (final ? ref & CHUNK_MASK : ref - this.levelEnd) * W;
    for (let w = 0; w < W; w++) if (k[o + w] !== buf[w]) return false;
    return true;
  }

  /**
   * Looks `buf` up; inserts it as a pending record with key (parent, lo) if absent. Returns the new
   * record's ref (≥ levelEnd), `-1 - ref` of a state already there, or {@link TABLE_FULL}.
   */
  findOrInsert(buf: Uint32Array, parent: number, lo: number): number {
    const W = this.words;
    const h = hashWords(buf, 0, W, SEED_A);
    const h2 = this.fingerprint ? hashWords(buf, 0, W, SEED_B) : 0;
    const tag = this.tagOf(h);
    const table = this.table;
    const size = this.tableSize;
    const tagMask = this.tagMask;
    let i = slotOf(h, size);
    for (;;) {
      // A plain read: the record behind a non-zero entry was written before the CAS that published
      // it, and reading it depends on the entry's value, so it cannot be read early.
      const e = table[i]!;
      if (e === 0) {
        const r = this.claimRecord();
        if (r < 0) return TABLE_FULL;
        this.writeRecord(r, buf, h, h2, parent, lo, i);
        const ref = this.levelEnd + r;
        if (Atomics.compareExchange(table, i, 0, tag | (ref + 1)) === 0) {
          this.spare = -1;
          return ref;
        }
        continue; // another thread took the slot: look at what it put there
      }
      if ((e & tagMask) === tag) {
        const ref = (e & this.idMask) - 1;
        if (this.equals(ref, buf, h, h2)) {
          if (ref >= this.levelEnd) this.lowerKey(ref - this.levelEnd, parent, lo);
          return -1 - ref;
        }
      }
      if (++i === size) i = 0;
    }
  }

  /** The ref of `buf`, or -1. */
  find(buf: Uint32Array): number {
    const W = this.words;
    const h = hashWords(buf, 0, W, SEED_A);
    const h2 = this.fingerprint ? hashWords(buf, 0, W, SEED_B) : 0;
    const tag = this.tagOf(h);
    let i = slotOf(h, this.tableSize);
    for (;;) {
      const e = this.table[i]!;
      if (e === 0) return -1;
      if ((e & this.tagMask) === tag) {
        const ref = (e & this.idMask) - 1;
        if (this.equals(ref, buf, h, h2)) return ref;
      }
      if (++i === this.tableSize) i = 0;
    }
  }

  private claimRecord(): number {
    if (this.spare >= 0) return this.spare;
    const r = Atomics.add(this.counters, C_PENDING, 1);
    if (this.levelEnd + r >= this.maxFill) {
      this.pendKey32[(r << 1) + 1] = -1; // never published: the merge skips it
      Atomics.store(this.counters, C_FULL, 1);
      return -1;
    }
    this.spare = r;
    return r;
  }

  private writeRecord(r: number, buf: Uint32Array, h: number, h2: number, parent: number, lo: number, slot: number): void {
    const W = this.words;
    const s = this.pendStates;
    const o = r * W;
    for (let w = 0; w < W; w++) s[o + w] = buf[w]!;
    if (this.fingerprint) {
      this.pendFps[r << 1] = h;
      this.pendFps[(r << 1) + 1] = h2;
    }
    this.pendKey32[r << 1] = lo;
    this.pendKey32[(r << 1) + 1] = parent;
    this.pendSlots[r] = slot;
  }

  /** Keeps the smallest (parent, lo) of every thread that reached pending record `r`. */
  private lowerKey(r: number, parent: number, lo: number): void {
    const hi = this.pendKey32[(r << 1) + 1]!;
    // Keys only decrease, so a stale read is never smaller than the truth: skipping on it is safe.
    if (parent > hi || (parent === hi && lo >= this.pendKey32[r << 1]! >>> 0)) return;
    const key = (BigInt(parent) << 32n) | BigInt(lo >>> 0);
    for (;;) {
      const cur = Atomics.load(this.pendKey64, r);
      if (cur <= key) return;
      if (Atomics.compareExchange(this.pendKey64, r, cur, key) === cur) return;
    }
  }

  /** Hands back a record allocated but never published (end of a phase). */
  releaseSpare(): void {
    if (this.spare >= 0) this.pendKey32[(this.spare << 1) + 1] = -1;
    this.spare = -1;
  }

  /** Copies the state with final id `id` into `out`. */
  readState(id: number, out: Uint32Array): void {
    const W = this.words;
    const s = this.states[id >>> CHUNK_SHIFT]!;
    const o = (id & CHUNK_MASK) * W;
    for (let w = 0; w < W; w++) out[w] = s[o + w]!;
  }
}
