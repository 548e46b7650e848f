/**
 * The coordinator's side of the shared store: it alone allocates and grows buffers, inserts initial
 * states, grows the table between phases and hands each level its ranks.
 */
import { SEED_A, SEED_B, hashWords } from '../checker/hash.js';
import { BULK_MIN, placeState, rehashRange } from './bulk.js';
import type { PathSource } from '../checker/types.js';
import { C_PENDING, CHUNK, CHUNK_MASK, CHUNK_SHIFT, COUNTERS, GROWTH, maxFillOf, slotOf, SharedStore, type StoreBuffers } from './shared-store.js';

const INITIAL_TABLE = 64;
const MAX_IDS = 0x7ffffffe;

/** Re-inserts the ids `0..n` into a grown table, split across the workers. */
export type Rehash = (ids: number) => Promise<void>;

function bytesOf(chunks: readonly SharedArrayBuffer[]): number {
  return chunks.reduce((n, c) => n + c.byteLength, 0);
}

export class Arena implements PathSource {
  buffers: StoreBuffers;
  view: SharedStore;
  /** Ids in use: every state stored, and the few ids a level claimed and left unused. */
  size = 0;
  readonly capacity: number;

  constructor(words: number, fingerprint: boolean, actions: number, initialTable = INITIAL_TABLE) {
    const actionBytes = actions <= 0x100 ? 1 : actions <= 0x10000 ? 2 : 4;
    this.capacity = MAX_IDS;
    const empty = new SharedArrayBuffer(0);
    this.buffers = {
      words,
      fingerprint,
      actionBytes,
      counters: new SharedArrayBuffer(COUNTERS * 4),
      table: new SharedArrayBuffer(initialTable * 4),
      states: [],
      fps: [],
      parents: [],
      acts: [],
      keys: empty,
      masks: empty,
      ranks: empty,
      levelStart: 0,
      levelEnd: 0,
    };
    this.view = new SharedStore(this.buffers);
  }

  /** Room for ids below `n`, in whole chunks as in the one-thread store. */
  reserve(n: number): void {
    if (n > this.capacity) throw new RangeError(`parallel store: more than ${this.capacity} states`);
    const b = this.buffers;
    const chunks = Math.ceil(n / CHUNK);
    if (chunks <= b.parents.length) return;
    const add = (list: readonly SharedArrayBuffer[], bytes: number): SharedArrayBuffer[] => {
      const out = [...list];
      while (out.length < chunks) out.push(new SharedArrayBuffer(bytes));
      return out;
    };
    this.refresh({
      states: add(b.states, CHUNK * 4 * Math.max(b.words, 1)),
      fps: b.fingerprint ? add(b.fps, CHUNK * 8) : [],
      parents: add(b.parents, CHUNK * 4),
      acts: add(b.acts, CHUNK * b.actionBytes),
    });
  }

  /**
   * Drops the chunks past the ids in use (reserved for a level that turned out smaller), once the
   * search is over: the store is not sent to a worker again.
   */
  trim(): void {
    const b = this.buffers;
    const chunks = Math.ceil((this.buffers.levelEnd + this.pending()) / CHUNK);
    if (chunks >= b.parents.length) return;
    this.refresh({ states: b.states.slice(0, chunks), fps: b.fps.slice(0, chunks), parents: b.parents.slice(0, chunks), acts: b.acts.slice(0, chunks) });
  }

  private refresh(changes: Partial<StoreBuffers> = {}): void {
    this.buffers = { ...this.buffers, ...changes };
    this.view = new SharedStore(this.buffers);
  }

  /** Records claimed by the level being found (the counter runs past the limit when the phase ran out). */
  pending(): number {
    return Math.max(0, Math.min(Atomics.load(this.view.counters, C_PENDING), this.view.idLimit - this.buffers.levelEnd));
  }

  /** States the level being found has so far (its records less those left unused). */
  published(): number {
    const keys = this.view.key32;
    let n = 0;
    for (let r = this.pending() - 1; r >= 0; r--) if (keys[(r << 1) + 1]! >= 0) n++;
    return n;
  }

  /**
   * Starts finding the level after `levelEnd`: grows the table and the arenas ahead for about
   * `expected` new states (a growth in the middle of a level costs a pause of every worker). The
   * level being expanded is `ranks.start..levelEnd`, ranked by `ranks.ranks`.
   */
  startLevel(levelEnd: number, expected: number, rehash?: Rehash, ranks?: { start: number; ranks: SharedArrayBuffer }): Promise<void> {
    Atomics.store(this.view.counters, C_PENDING, 0);
    this.refresh({ levelEnd, levelStart: ranks?.start ?? levelEnd, ranks: ranks?.ranks ?? new SharedArrayBuffer(0) });
    const want = levelEnd + expected;
    if (this.view.maxFill < want) return this.growTable(want, rehash, want);
    this.reserve(want);
    this.resizeRecords(0);
    return Promise.resolve();
  }

  /**
   * After a phase ran out of room: a larger table when it is full, else more chunks (twice the
   * level's records so far, at least one chunk more).
   */
  async makeRoom(rehash?: Rehash): Promise<void> {
    const pending = this.pending();
    const want = this.buffers.levelEnd + 2 * pending + CHUNK;
    if (this.buffers.levelEnd + pending >= this.view.maxFill) return this.growTable(0, rehash, want);
    this.reserve(Math.min(want, this.view.maxFill));
    this.resizeRecords(pending);
    Atomics.store(this.view.counters, C_PENDING, pending);
  }

  /** Record buffers for every id the table and the chunks allow, keeping the first `keep` records. */
  private resizeRecords(keep: number): void {
    const cap = Math.max(0, Math.min(this.view.maxFill, this.buffers.parents.length * CHUNK) - this.buffers.levelEnd);
    const old = this.view;
    // Records are written before they are read, so buffers from an earlier level can be reused as they are.
    if (old.masks.length >= cap) return;
    this.refresh({ keys: new SharedArrayBuffer(cap * 8), masks: new SharedArrayBuffer(cap * 4) });
    if (keep === 0) return;
    this.view.key32.set(old.key32.subarray(0, keep * 2));
    this.view.masks.set(old.masks.subarray(0, keep));
  }

  /**
   * Grows the table by {@link GROWTH} (or more, for `atLeast` entries) and the arenas to `reserveTo`
   * ids (default: all the table allows); `rehash(n)` re-inserts the n ids in use split across the
   * workers, or this thread does it all for small tables.
   */
  async growTable(atLeast = 0, rehash?: Rehash, reserveTo?: number): Promise<void> {
    const pending = this.pending();
    let size = Math.ceil(this.view.tableSize * GROWTH);
    while (maxFillOf(size) < atLeast) size = Math.ceil(size * GROWTH);
    this.refresh({ table: new SharedArrayBuffer(size * 4) });
    this.reserve(Math.min(reserveTo ?? this.view.maxFill, this.view.maxFill));
    this.resizeRecords(pending);
    Atomics.store(this.view.counters, C_PENDING, pending);
    const n = this.buffers.levelEnd + pending;
    if (rehash !== undefined && n >= BULK_MIN) await rehash(n);
    else rehashRange(this.view, 0, n);
  }

  /** Inserts an initial state with id `size` (coordinator only, before any worker runs). */
  insertRoot(s: Uint32Array): number {
    if (this.size + 1 > this.view.maxFill) void this.growTable();
    const found = this.view.find(s);
    if (found >= 0) return -1 - found;
    const id = this.size++;
    this.reserve(this.size);
    placeState(this.view, id, s, 0, -1, 0);
    const h = hashWords(s, 0, this.buffers.words, SEED_A);
    const t = this.view;
    let i = slotOf(h, t.tableSize);
    while (t.table[i] !== 0) if (++i === t.tableSize) i = 0;
    t.table[i] = t.tagOf(h) | (id + 1);
    // Every stored state is settled: none is a record.
    this.refresh({ levelEnd: this.size });
    return id;
  }

  parentOf(id: number): number {
    return this.view.parents[id >>> CHUNK_SHIFT]![id & CHUNK_MASK]!;
  }

  actionOf(id: number): number {
    return this.view.acts[id >>> CHUNK_SHIFT]![id & CHUNK_MASK]!;
  }

  matches(id: number, state: Uint32Array): boolean {
    const v = this.view;
    const W = this.buffers.words;
    const c = id >>> CHUNK_SHIFT;
    const i = id & CHUNK_MASK;
    if (this.buffers.fingerprint) {
      const f = v.fps[c]!;
      return f[i << 1] === hashWords(state, 0, W, SEED_A) >>> 0 && f[(i << 1) + 1] === hashWords(state, 0, W, SEED_B) >>> 0;
    }
    const s = v.states[c]!;
    for (let w = 0; w < W; w++) if (s[i * W + w] !== state[w]) return false;
    return true;
  }

  /** Bytes of keys, parents, actions and the table: the one-thread store's measure. */
  storeBytes(): number {
    const b = this.buffers;
    return b.table.byteLength + bytesOf(b.fingerprint ? b.fps : b.states) + bytesOf(b.parents) + bytesOf(b.acts);
  }

  /** Everything else held: full states in fingerprint mode, and the level's records and ranks. */
  extraBytes(): number {
    const b = this.buffers;
    return b.keys.byteLength + b.masks.byteLength + b.ranks.byteLength + (b.fingerprint ? bytesOf(b.states) : 0);
  }
}
