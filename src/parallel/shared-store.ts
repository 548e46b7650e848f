/**
 * The visited-state store shared by the worker threads: one lock-free open-addressing table in a
 * SharedArrayBuffer, and arenas the threads read without locks.
 *
 * A state is written once, where it stays: a new state claims the next id (a record), its words,
 * fingerprint, parent and action go to the arenas (`states`, `fps`, `parents`, `acts`, 18–20 bytes
 * per state as in the one-thread store) at that id, and the table entry points there for good. Ids
 * are in order of discovery, so they differ from run to run; what the one-thread search numbers in
 * BFS order is kept apart, per level: a level's states are the ids `levelStart..levelEnd`, and
 * `ranks` gives each its place in the one-thread order (-1 for an id claimed and left unused). Ranks
 * order the parents in the keys below and decide the cycle proviso (see level.ts).
 *
 * While the level after `levelEnd` is found, record `r` (id `levelEnd + r`) carries a key (parent's
 * rank, generation index, action) in `keys`: a new state is published by one compare-and-swap of its
 * table slot from 0, after its record is written, and its key can only decrease, by a CAS loop, so
 * the parent that wins is the one the one-thread search would have recorded (coordinator.ts).
 */
import { SEED_A, SEED_B, hashWords } from '../checker/hash.js';

export const MAX_LOAD = 0.8;
/**
 * Table growth: 2x, not the one-thread store's 1.4x. Every growth pauses all workers for a rehash, and
 * doubling rehashes 2n entries in all instead of 3.5n; at the synthetic bench's 10.6M states the
 * table ends 1% larger (19.43 instead of 19.36 bytes per state).
 */
export const GROWTH = 2;
/** Returned by {@link SharedStore.findOrInsert} when this phase has no room left (table or arenas). */
export const TABLE_FULL = -0x80000000;
/** `parents` of an id claimed by a level and left unused (roots have -1). */
export const UNUSED = -2;
/**
 * Counter words, each written often on a cache line of its own (16 words, 64 bytes): the flags every
 * thread reads before each parent must not share a line with a counter another core keeps writing.
 */
export const C_PENDING = 0;
export const C_NEXT = 16;
export const C_RETRY_NEXT = 32;
export const C_FULL = 48;
export const C_STOP = 49;
export const COUNTERS = 64;
/**
 * Records a thread claims at a time: fewer atomic adds, and each thread writes its new states,
 * keys and masks to lines of its own instead of alternating ids with the others. What a thread
 * leaves of its block at the end of a phase stays unused.
 */
export const RECORD_BLOCK = 16;
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
  /** States by id in chunks of {@link CHUNK} (plain buffers: typed arrays over growable ones are slow). */
  readonly states: readonly SharedArrayBuffer[];
  readonly fps: readonly SharedArrayBuffer[];
  readonly parents: readonly SharedArrayBuffer[];
  readonly acts: readonly SharedArrayBuffer[];
  /** Per record of the level being found: its key (two words) and the properties it violates. */
  readonly keys: SharedArrayBuffer;
  readonly masks: SharedArrayBuffer;
  /** Per id `levelStart..levelEnd`: its BFS rank in its level, or -1 (unused). */
  readonly ranks: SharedArrayBuffer;
  readonly levelStart: number;
  /** Ids below it are settled; records of the level being found follow it. */
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
  /** Ids a record may take: below the table's fill limit and inside the arenas' chunks. */
  readonly idLimit: number;
  readonly idMask: number;
  readonly tagMask: number;
  private readonly idBits: number;
  readonly states: Uint32Array[];
  readonly fps: Uint32Array[];
  readonly parents: Int32Array[];
  readonly acts: (Uint8Array | Uint16Array | Uint32Array)[];
  readonly key32: Int32Array;
  readonly key64: BigInt64Array;
  readonly masks: Uint32Array;
  readonly ranks: Int32Array;
  readonly levelStart: number;
  readonly levelEnd: number;
  /** A record this thread claimed but lost the race for (reused for the next new state). */
  private spare = -1;
  /** This thread's block of records: the next one to use and the end. */
  private block = 0;
  private blockEnd = 0;

  constructor(readonly buffers: StoreBuffers) {
    const b = buffers;
    this.words = b.words;
    this.fingerprint = b.fingerprint;
    this.counters = new Int32Array(b.counters);
    this.table = new Int32Array(b.table);
    this.tableSize = this.table.length;
    this.maxFill = maxFillOf(this.tableSize);
    this.idLimit = Math.min(this.maxFill, b.parents.length * CHUNK, b.levelEnd + (b.masks.byteLength >> 2));
    this.idBits = 32 - Math.clz32(this.maxFill + 1);
    this.idMask = this.idBits >= 32 ? -1 : (1 << this.idBits) - 1;
    this.tagMask = ~this.idMask;
    this.states = b.states.map((c) => new Uint32Array(c));
    this.fps = b.fps.map((c) => new Uint32Array(c));
    this.parents = b.parents.map((c) => new Int32Array(c));
    this.acts = b.acts.map((c) => actionArray(b.actionBytes, c));
    this.key32 = new Int32Array(b.keys);
    this.key64 = new BigInt64Array(b.keys);
    this.masks = new Uint32Array(b.masks);
    this.ranks = new Int32Array(b.ranks);
    this.levelStart = b.levelStart;
    this.levelEnd = b.levelEnd;
  }

  tagOf(h: number): number {
    return this.idBits >= 32 ? 0 : (Math.imul(h, 0x9e3779b1) >>> this.idBits) << this.idBits;
  }

  /** Whether the stored state `id` equals `buf`, whose hashes are h, h2. */
  private equals(id: number, buf: Uint32Array, h: number, h2: number): boolean {
    if (this.fingerprint) {
      const f = this.fps[id >>> CHUNK_SHIFT]!;
      const o = (id & CHUNK_MASK) << 1;
      return f[o] === h >>> 0 && f[o + 1] === h2 >>> 0;
    }
    const W = this.words;
    const k = this.states[id >>> CHUNK_SHIFT]!;
    const o = (id & CHUNK_MASK) * W;
    for (let w = 0; w < W; w++) if (k[o + w] !== buf[w]) return false;
    return true;
  }

  /**
   * Looks `buf` up; inserts it as a new record with key (rank, lo) if absent. Returns the new
   * state's id (≥ levelEnd), `-1 - id` of a state already there, or {@link TABLE_FULL}.
   */
  findOrInsert(buf: Uint32Array, rank: number, lo: number): number {
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
        const id = this.levelEnd + r;
        this.writeRecord(r, id, buf, h, h2, rank, lo);
        if (Atomics.compareExchange(table, i, 0, tag | (id + 1)) === 0) {
          this.spare = -1;
          return id;
        }
        continue; // another thread took the slot: look at what it put there
      }
      if ((e & tagMask) === tag) {
        const id = (e & this.idMask) - 1;
        if (this.equals(id, buf, h, h2)) {
          if (id >= this.levelEnd) this.lowerKey(id - this.levelEnd, rank, lo);
          return -1 - id;
        }
      }
      if (++i === size) i = 0;
    }
  }

  /** The id of `buf`, or -1. */
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
        const id = (e & this.idMask) - 1;
        if (this.equals(id, buf, h, h2)) return id;
      }
      if (++i === this.tableSize) i = 0;
    }
  }

  /** The next record, or -1 (and the phase ends for every thread) when its id would be past {@link idLimit}. */
  private claimRecord(): number {
    if (this.spare >= 0) return this.spare;
    if (this.block === this.blockEnd) {
      const b = Atomics.add(this.counters, C_PENDING, RECORD_BLOCK);
      const end = Math.min(b + RECORD_BLOCK, this.idLimit - this.levelEnd);
      if (b >= end) {
        // The coordinator sets the counter back to the limit before the next phase.
        Atomics.store(this.counters, C_FULL, 1);
        return -1;
      }
      this.block = b;
      this.blockEnd = end;
    }
    const r = this.block++;
    this.spare = r;
    return r;
  }

  private writeRecord(r: number, id: number, buf: Uint32Array, h: number, h2: number, rank: number, lo: number): void {
    const W = this.words;
    const c = id >>> CHUNK_SHIFT;
    const i = id & CHUNK_MASK;
    const s = this.states[c]!;
    const o = i * W;
    for (let w = 0; w < W; w++) s[o + w] = buf[w]!;
    if (this.fingerprint) {
      const f = this.fps[c]!;
      f[i << 1] = h;
      f[(i << 1) + 1] = h2;
    }
    this.key32[r << 1] = lo;
    this.key32[(r << 1) + 1] = rank;
  }

  /** Keeps the smallest (rank, lo) of every thread that reached record `r`. */
  private lowerKey(r: number, rank: number, lo: number): void {
    const hi = this.key32[(r << 1) + 1]!;
    // Keys only decrease, so a stale read is never smaller than the truth: skipping on it is safe.
    if (rank > hi || (rank === hi && lo >= this.key32[r << 1]! >>> 0)) return;
    const key = (BigInt(rank) << 32n) | BigInt(lo >>> 0);
    for (;;) {
      const cur = Atomics.load(this.key64, r);
      if (cur <= key) return;
      if (Atomics.compareExchange(this.key64, r, cur, key) === cur) return;
    }
  }

  /** Hands back the records claimed and never published (end of a phase): their ids stay unused. */
  releaseSpare(): void {
    if (this.spare >= 0) this.key32[(this.spare << 1) + 1] = -1;
    for (let r = this.block; r < this.blockEnd; r++) this.key32[(r << 1) + 1] = -1;
    this.spare = -1;
    this.block = this.blockEnd = 0;
  }

  /** Whether `id` holds no state: claimed by a level and left unused. */
  unused(id: number): boolean {
    if (id < this.levelEnd) return this.parents[id >>> CHUNK_SHIFT]![id & CHUNK_MASK] === UNUSED;
    return this.key32[((id - this.levelEnd) << 1) + 1]! < 0;
  }

  /** Copies the state `id` into `out`. */
  readState(id: number, out: Uint32Array): void {
    const W = this.words;
    const s = this.states[id >>> CHUNK_SHIFT]!;
    const o = (id & CHUNK_MASK) * W;
    for (let w = 0; w < W; w++) out[w] = s[o + w]!;
  }
}
