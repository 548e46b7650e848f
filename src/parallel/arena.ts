/**
 * The coordinator's side of the shared store: it alone allocates and grows buffers, inserts initial
 * states, grows the table between phases (rehashing pending records' slots too) and moves a finished
 * level's pending records to their final ids.
 */
import { SEED_A, SEED_B, hashWords } from '../checker/hash.js';
import type { PathSource } from '../checker/types.js';
import { COUNTERS, GROWTH, maxFillOf, slotOf, SharedStore, type StoreBuffers } from './shared-store.js';

const INITIAL_TABLE = 64;
const CHUNK = 65536;
/** Largest SharedArrayBuffer Node accepts. */
const MAX_BYTES = 2 ** 32;

function growable(bytes: number, max: number): SharedArrayBuffer {
  return new SharedArrayBuffer(bytes, { maxByteLength: max });
}

export class Arena implements PathSource {
  buffers: StoreBuffers;
  view: SharedStore;
  /** States with final ids. */
  size = 0;
  readonly capacity: number;

  constructor(words: number, fingerprint: boolean, actions: number, initialTable = INITIAL_TABLE) {
    const actionBytes = actions <= 0x100 ? 1 : actions <= 0x10000 ? 2 : 4;
    const W = Math.max(words, 1);
    this.capacity = Math.floor(Math.min(MAX_BYTES / (4 * W), MAX_BYTES / 4, 0x7ffffffe));
    const empty = new SharedArrayBuffer(0);
    this.buffers = {
      words,
      fingerprint,
      actionBytes,
      counters: new SharedArrayBuffer(COUNTERS * 4),
      table: new SharedArrayBuffer(initialTable * 4),
      states: growable(0, this.capacity * 4 * W),
      fps: growable(0, fingerprint ? this.capacity * 8 : 0),
      parents: growable(0, this.capacity * 4),
      acts: growable(0, this.capacity * actionBytes),
      pendStates: empty,
      pendFps: empty,
      pendKeys: empty,
      pendSlots: empty,
      pendMasks: empty,
      levelEnd: 0,
    };
    this.view = new SharedStore(this.buffers);
  }

  /** Room for `n` states with final ids, grown in whole chunks. */
  reserve(n: number): void {
    const b = this.buffers;
    if (n > this.capacity) throw new RangeError(`parallel store: more than ${this.capacity} states`);
    const have = this.view.parents.length;
    if (n <= have) return;
    // Growing a SharedArrayBuffer commits reserved pages in place, so whole chunks are enough.
    const want = Math.min(this.capacity, Math.ceil(n / CHUNK) * CHUNK);
    b.states.grow(want * 4 * Math.max(b.words, 1));
    if (b.fingerprint) b.fps.grow(want * 8);
    b.parents.grow(want * 4);
    b.acts.grow(want * b.actionBytes);
    this.refresh();
  }

  private refresh(changes: Partial<StoreBuffers> = {}): void {
    this.buffers = { ...this.buffers, ...changes };
    this.view = new SharedStore(this.buffers);
  }

  /** Pending buffers for a level, sized so the table's free room is the limit. */
  startLevel(levelEnd: number): void {
    this.refresh({ levelEnd });
    this.resizePending(0);
    Atomics.store(this.view.counters, 0, 0);
  }

  private resizePending(keep: number): void {
    const cap = Math.max(0, this.view.maxFill - this.buffers.levelEnd) + 1;
    const W = this.buffers.words;
    const old = this.view;
    const bufs = {
      pendStates: new SharedArrayBuffer(cap * 4 * Math.max(W, 1)),
      pendFps: new SharedArrayBuffer(this.buffers.fingerprint ? cap * 8 : 0),
      pendKeys: new SharedArrayBuffer(cap * 8),
      pendSlots: new SharedArrayBuffer(cap * 4),
      pendMasks: new SharedArrayBuffer(cap * 4),
    };
    this.refresh(bufs);
    const v = this.view;
    v.pendStates.set(old.pendStates.subarray(0, keep * W));
    v.pendFps.set(old.pendFps.subarray(0, this.buffers.fingerprint ? keep * 2 : 0));
    v.pendKey32.set(old.pendKey32.subarray(0, keep * 2));
    v.pendSlots.set(old.pendSlots.subarray(0, keep));
    v.pendMasks.set(old.pendMasks.subarray(0, keep));
  }

  /** Grows the table by {@link GROWTH} (or more, for `atLeast` entries), rehashing final and pending states. */
  growTable(atLeast = 0): void {
    const pending = Math.min(Atomics.load(this.view.counters, 0), this.view.maxFill - this.buffers.levelEnd);
    let size = Math.ceil(this.view.tableSize * GROWTH);
    while (maxFillOf(size) < atLeast) size = Math.ceil(size * GROWTH);
    const old = this.view;
    this.refresh({ table: new SharedArrayBuffer(size * 4) });
    this.resizePending(pending);
    Atomics.store(this.view.counters, 0, pending);
    const v = this.view;
    const levelEnd = this.buffers.levelEnd;
    for (let i = 0; i < old.tableSize; i++) {
      const e = old.table[i]!;
      if (e === 0) continue;
      const ref = (e & old.idMask) - 1;
      const r = ref - levelEnd;
      const h = this.hashOf(ref);
      let j = slotOf(h, size);
      while (v.table[j] !== 0) if (++j === size) j = 0;
      v.table[j] = v.tagOf(h) | (ref + 1);
      if (r >= 0) v.pendSlots[r] = j;
    }
  }

  private hashOf(ref: number): number {
    const v = this.view;
    const W = this.buffers.words;
    const levelEnd = this.buffers.levelEnd;
    if (this.buffers.fingerprint) return (ref < levelEnd ? v.fps[ref << 1]! : v.pendFps[(ref - levelEnd) << 1]!) | 0;
    return ref < levelEnd ? hashWords(v.states, ref * W, W, SEED_A) : hashWords(v.pendStates, (ref - levelEnd) * W, W, SEED_A);
  }

  /** Inserts an initial state with final id `size` (coordinator only, before any worker runs). */
  insertRoot(s: Uint32Array): number {
    const v = this.view;
    if (this.size + 1 > v.maxFill) this.growTable();
    const found = this.view.find(s);
    if (found >= 0) return -1 - found;
    const id = this.size++;
    this.reserve(this.size);
    this.place(id, this.view, s, 0, -1, 0);
    const h = hashWords(s, 0, this.buffers.words, SEED_A);
    const t = this.view;
    let i = slotOf(h, t.tableSize);
    while (t.table[i] !== 0) if (++i === t.tableSize) i = 0;
    t.table[i] = t.tagOf(h) | (id + 1);
    // Every stored state has its final id: none is pending.
    this.refresh({ levelEnd: this.size });
    return id;
  }

  /** Writes state words (from `src` at word offset `o`), fingerprint, parent and action of final id `id`. */
  place(id: number, v: SharedStore, src: Uint32Array, o: number, parent: number, action: number): void {
    const W = this.buffers.words;
    for (let w = 0; w < W; w++) v.states[id * W + w] = src[o + w]!;
    if (this.buffers.fingerprint) {
      v.fps[id << 1] = hashWords(v.states, id * W, W, SEED_A);
      v.fps[(id << 1) + 1] = hashWords(v.states, id * W, W, SEED_B);
    }
    v.parents[id] = parent;
    v.acts[id] = action;
  }

  parentOf(id: number): number {
    return this.view.parents[id]!;
  }

  actionOf(id: number): number {
    return this.view.acts[id]!;
  }

  matches(id: number, state: Uint32Array): boolean {
    const v = this.view;
    const W = this.buffers.words;
    if (this.buffers.fingerprint) {
      return v.fps[id << 1] === hashWords(state, 0, W, SEED_A) >>> 0 && v.fps[(id << 1) + 1] === hashWords(state, 0, W, SEED_B) >>> 0;
    }
    for (let w = 0; w < W; w++) if (v.states[id * W + w] !== state[w]) return false;
    return true;
  }

  /** Bytes of final keys, parents, actions and the table: the one-thread store's measure. */
  storeBytes(): number {
    const b = this.buffers;
    const keys = b.fingerprint ? b.fps.byteLength : b.states.byteLength;
    return b.table.byteLength + keys + b.parents.byteLength + b.acts.byteLength;
  }

  /** Everything else held: full states in fingerprint mode, and the pending buffers. */
  extraBytes(): number {
    const b = this.buffers;
    const pend = b.pendStates.byteLength + b.pendFps.byteLength + b.pendKeys.byteLength + b.pendSlots.byteLength + b.pendMasks.byteLength;
    return pend + (b.fingerprint ? b.states.byteLength : 0);
  }
}
