/**
 * The coordinator's side of the shared store: it alone allocates and grows buffers, inserts initial
 * states, grows the table between phases (rehashing pending records' slots too) and moves a finished
 * level's pending records to their final ids.
 */
import { SEED_A, SEED_B, hashWords } from '../checker/hash.js';
import { BULK_MIN, placeFinal, rehashAll } from './bulk.js';
import type { PathSource } from '../checker/types.js';
import { CHUNK, CHUNK_MASK, CHUNK_SHIFT, COUNTERS, GROWTH, maxFillOf, slotOf, SharedStore, type StoreBuffers } from './shared-store.js';

const INITIAL_TABLE = 64;
const MAX_IDS = 0x7ffffffe;

function bytesOf(chunks: readonly SharedArrayBuffer[]): number {
  return chunks.reduce((n, c) => n + c.byteLength, 0);
}

export class Arena implements PathSource {
  buffers: StoreBuffers;
  view: SharedStore;
  /** States with final ids. */
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
      pendStates: empty,
      pendFps: empty,
      pendKeys: empty,
      pendSlots: empty,
      pendMasks: empty,
      levelEnd: 0,
    };
    this.view = new SharedStore(this.buffers);
  }

  /** Room for `n` states with final ids, in whole chunks as in the one-thread store. */
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

  private refresh(changes: Partial<StoreBuffers> = {}): void {
    this.buffers = { ...this.buffers, ...changes };
    this.view = new SharedStore(this.buffers);
  }

  /**
   * Starts a level whose states so far end at `levelEnd`: grows the table ahead for about `expected`
   * new states (a growth in the middle of a level costs a pause of every worker), and sizes the
   * pending buffers to the table's free room, reusing them when they are large enough.
   */
  startLevel(levelEnd: number, expected: number, rehash?: (states: number) => Promise<readonly number[]>): Promise<void> {
    Atomics.store(this.view.counters, 0, 0);
    this.refresh({ levelEnd });
    if (this.view.maxFill < levelEnd + expected) return this.growTable(levelEnd + expected, rehash);
    this.resizePending(0);
    return Promise.resolve();
  }

  private resizePending(keep: number): void {
    const cap = Math.max(0, this.view.maxFill - this.buffers.levelEnd) + 1;
    const W = Math.max(this.buffers.words, 1);
    const old = this.view;
    // Records are written before they are read, so buffers from an earlier level can be reused as they are.
    if (old.pendSlots.length >= cap) return;
    const bufs = {
      pendStates: new SharedArrayBuffer(cap * 4 * W),
      pendFps: new SharedArrayBuffer(this.buffers.fingerprint ? cap * 8 : 0),
      pendKeys: new SharedArrayBuffer(cap * 8),
      pendSlots: new SharedArrayBuffer(cap * 4),
      pendMasks: new SharedArrayBuffer(cap * 4),
    };
    this.refresh(bufs);
    if (keep === 0) return;
    const v = this.view;
    v.pendStates.set(old.pendStates.subarray(0, keep * this.buffers.words));
    v.pendFps.set(old.pendFps.subarray(0, this.buffers.fingerprint ? keep * 2 : 0));
    v.pendKey32.set(old.pendKey32.subarray(0, keep * 2));
    v.pendSlots.set(old.pendSlots.subarray(0, keep));
    v.pendMasks.set(old.pendMasks.subarray(0, keep));
  }

  /**
   * Grows the table by {@link GROWTH} (or more, for `atLeast` entries); `rehash(n)` re-inserts the
   * n stored states split across the workers and returns those left over, or this thread does it
   * all for small tables.
   */
  async growTable(atLeast = 0, rehash?: (states: number) => Promise<readonly number[]>): Promise<void> {
    const pending = Math.min(Atomics.load(this.view.counters, 0), this.view.maxFill - this.buffers.levelEnd);
    let size = Math.ceil(this.view.tableSize * GROWTH);
    while (maxFillOf(size) < atLeast) size = Math.ceil(size * GROWTH);
    this.refresh({ table: new SharedArrayBuffer(size * 4) });
    this.resizePending(pending);
    Atomics.store(this.view.counters, 0, pending);
    const n = this.buffers.levelEnd + pending;
    if (rehash !== undefined && n >= BULK_MIN) rehashAll(this.view, n, await rehash(n));
    else rehashAll(this.view, n);
  }

  /** Inserts an initial state with final id `size` (coordinator only, before any worker runs). */
  insertRoot(s: Uint32Array): number {
    if (this.size + 1 > this.view.maxFill) void this.growTable();
    const found = this.view.find(s);
    if (found >= 0) return -1 - found;
    const id = this.size++;
    this.reserve(this.size);
    placeFinal(this.view, id, s, 0, -1, 0);
    const h = hashWords(s, 0, this.buffers.words, SEED_A);
    const t = this.view;
    let i = slotOf(h, t.tableSize);
    while (t.table[i] !== 0) if (++i === t.tableSize) i = 0;
    t.table[i] = t.tagOf(h) | (id + 1);
    // Every stored state has its final id: none is pending.
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

  /** Bytes of final keys, parents, actions and the table: the one-thread store's measure. */
  storeBytes(): number {
    const b = this.buffers;
    return b.table.byteLength + bytesOf(b.fingerprint ? b.fps : b.states) + bytesOf(b.parents) + bytesOf(b.acts);
  }

  /** Everything else held: full states in fingerprint mode, and the pending buffers. */
  extraBytes(): number {
    const b = this.buffers;
    const pend = b.pendStates.byteLength + b.pendFps.byteLength + b.pendKeys.byteLength + b.pendSlots.byteLength + b.pendMasks.byteLength;
    return pend + (b.fingerprint ? bytesOf(b.states) : 0);
  }
}
