/**
 * The visited-state store: dense state ids over chunked typed arrays, and an open-addressing table
 * (linear probing) of ids.
 *
 * Per state it holds the key (the packed state itself, or a 64-bit fingerprint), the parent id and the
 * action that first reached it, written once at insertion and never overwritten (TLC's and
 * stateright's trace technique: a trace is rebuilt from parents and replayed). A table entry is one
 * 32-bit word: `id + 1` in the low bits and, in the bits the current table size does not need for ids,
 * a tag taken from the hash, so most probes that miss never touch the key arena.
 *
 * The table grows by 1.4× at 80% load, so its load stays in 57–80% (5–7 bytes per state; tags keep
 * linear probing cheap at that load), and the arenas grow in fixed chunks of 65536 states, so nothing
 * is doubled and copied except the table. With 8-byte keys, a 4-byte parent and a 1-byte action that is
 * 18–20 bytes per state.
 */
import { SEED_A, SEED_B, hashWords } from './hash.js';

const CHUNK_SHIFT = 16;
const CHUNK = 1 << CHUNK_SHIFT;
const CHUNK_MASK = CHUNK - 1;
const MAX_LOAD = 0.8;
const GROWTH = 1.4;
const INITIAL_TABLE = 64;
/** Most ids this store hands out: ids must fit in a positive int32 with the `+ 1` of table entries. */
const MAX_IDS = 0x7ffffffe;

/** Returned by {@link StateStore.findOrInsert} when the state is new but the store is at its limit. */
export const STORE_FULL = -0x80000000;

type ActionArray = Uint8Array | Uint16Array | Uint32Array;

export interface StoreOptions {
  /** Store 64-bit fingerprints instead of exact keys. */
  readonly fingerprint?: boolean;
  /** Number of actions in the model (chooses the width of the action column). */
  readonly actions: number;
  /** Refuse to store more than this many states. */
  readonly limit?: number;
}

const EMPTY = new Uint32Array(0);
const TWO_TO_MINUS_32 = 2 ** -32;

/**
 * Home slot of hash `h` in a table of `size` slots: ⌊h·size/2^32⌋ (Lemire's multiply-shift range
 * reduction) instead of `h % size`, which costs an integer division. In doubles it is exact enough:
 * the product's rounding error is far below the distance to `size`, so the result is always < size.
 */
function slotOf(h: number, size: number): number {
  return ((h >>> 0) * size * TWO_TO_MINUS_32) | 0;
}

export class StateStore {
  /** Words per state. */
  readonly words: number;
  readonly fingerprint: boolean;
  /** Distinct states stored; ids are 0 .. size - 1 in insertion order. */
  size = 0;
  private readonly limit: number;
  /** Full states, `words` per id (exact mode: also the keys). Released chunks are EMPTY. */
  private readonly states: Uint32Array[] = [];
  /** Fingerprint mode: two words per id. */
  private readonly fps: Uint32Array[] = [];
  private readonly parents: Int32Array[] = [];
  private readonly acts: ActionArray[] = [];
  private readonly actionBytes: 1 | 2 | 4;
  private table: Int32Array;
  private tableSize: number;
  private maxFill: number;
  private idBits: number;
  private idMask: number;
  private tagMask: number;
  private released = 0;

  constructor(words: number, options: StoreOptions) {
    this.words = words;
    this.fingerprint = options.fingerprint ?? false;
    this.limit = Math.min(options.limit ?? MAX_IDS, MAX_IDS);
    this.actionBytes = options.actions <= 0x100 ? 1 : options.actions <= 0x10000 ? 2 : 4;
    this.tableSize = INITIAL_TABLE;
    this.table = new Int32Array(INITIAL_TABLE);
    this.maxFill = 0;
    this.idBits = 0;
    this.idMask = 0;
    this.tagMask = 0;
    this.sizeTable(INITIAL_TABLE);
  }

  private sizeTable(size: number): void {
    this.tableSize = size;
    this.maxFill = Math.floor(size * MAX_LOAD);
    this.idBits = 32 - Math.clz32(this.maxFill + 1);
    this.idMask = this.idBits >= 32 ? -1 : (1 << this.idBits) - 1;
    this.tagMask = ~this.idMask;
  }

  /** The tag bits of a table entry for hash `h` (0 when ids need all 32 bits). */
  private tagOf(h: number): number {
    return this.idBits >= 32 ? 0 : (Math.imul(h, 0x9e3779b1) >>> this.idBits) << this.idBits;
  }

  /**
   * Looks `state` up and inserts it if absent, recording `parent` (-1 for an initial state) and
   * `action`. Returns the new id (≥ 0), `-1 - id` of the existing state, or {@link STORE_FULL}.
   */
  findOrInsert(state: Uint32Array, parent: number, action: number): number {
    return this.findOrInsertAt(state, 0, hashWords(state, 0, this.words, SEED_A), parent, action);
  }

  /** {@link findOrInsert} for the state at `offset` in `buf`, whose hash (seed A) is `h`. */
  findOrInsertAt(buf: Uint32Array, offset: number, h: number, parent: number, action: number): number {
    if (this.size >= this.maxFill) this.grow();
    const W = this.words;
    const fp = this.fingerprint;
    const h2 = fp ? hashWords(buf, offset, W, SEED_B) : 0;
    const tag = this.tagOf(h);
    const table = this.table;
    const size = this.tableSize;
    const idMask = this.idMask;
    const tagMask = this.tagMask;
    let i = slotOf(h, size);
    for (;;) {
      const e = table[i]!;
      if (e === 0) break;
      if ((e & tagMask) === tag) {
        const id = (e & idMask) - 1;
        if (fp) {
          const k = this.fps[id >>> CHUNK_SHIFT]!;
          const o = (id & CHUNK_MASK) << 1;
          if (k[o] === h >>> 0 && k[o + 1] === h2 >>> 0) return -1 - id;
        } else {
          const k = this.states[id >>> CHUNK_SHIFT]!;
          const o = (id & CHUNK_MASK) * W;
          let w = 0;
          while (w < W && k[o + w] === buf[offset + w]) w++;
          if (w === W) return -1 - id;
        }
      }
      if (++i === size) i = 0;
    }
    if (this.size >= this.limit) return STORE_FULL;
    const id = this.size++;
    this.append(id, buf, offset, parent, action, h, h2);
    table[i] = tag | (id + 1);
    return id;
  }

  /** The id of `state`, or -1 if it is not stored. */
  find(state: Uint32Array): number {
    const W = this.words;
    const fp = this.fingerprint;
    const h = hashWords(state, 0, W, SEED_A);
    const h2 = fp ? hashWords(state, 0, W, SEED_B) : 0;
    const tag = this.tagOf(h);
    let i = slotOf(h, this.tableSize);
    for (;;) {
      const e = this.table[i]!;
      if (e === 0) return -1;
      if ((e & this.tagMask) === tag) {
        const id = (e & this.idMask) - 1;
        if (fp) {
          const k = this.fps[id >>> CHUNK_SHIFT]!;
          const o = (id & CHUNK_MASK) << 1;
          if (k[o] === h >>> 0 && k[o + 1] === h2 >>> 0) return id;
        } else {
          const k = this.states[id >>> CHUNK_SHIFT]!;
          const o = (id & CHUNK_MASK) * W;
          let w = 0;
          while (w < W && k[o + w] === state[w]) w++;
          if (w === W) return id;
        }
      }
      if (++i === this.tableSize) i = 0;
    }
  }

  private append(id: number, buf: Uint32Array, offset: number, parent: number, action: number, h: number, h2: number): void {
    const c = id >>> CHUNK_SHIFT;
    const o = id & CHUNK_MASK;
    if (c === this.parents.length) this.addChunk();
    else if (c === 0 && o >= this.parents[0]!.length) this.growFirstChunk();
    const W = this.words;
    const s = this.states[c]!;
    for (let w = 0; w < W; w++) s[o * W + w] = buf[offset + w]!;
    if (this.fingerprint) {
      const f = this.fps[c]!;
      f[o << 1] = h;
      f[(o << 1) + 1] = h2;
    }
    this.parents[c]![o] = parent;
    this.acts[c]![o] = action;
  }

  private newActions(n: number): ActionArray {
    return this.actionBytes === 1 ? new Uint8Array(n) : this.actionBytes === 2 ? new Uint16Array(n) : new Uint32Array(n);
  }

  private addChunk(): void {
    // The first chunk starts small and doubles up to CHUNK, so tiny searches stay tiny.
    const n = this.parents.length === 0 ? 256 : CHUNK;
    if (this.parents.length === 1 && this.parents[0]!.length < CHUNK) this.growFirstChunkTo(CHUNK);
    this.states.push(new Uint32Array(n * Math.max(this.words, 1)));
    if (this.fingerprint) this.fps.push(new Uint32Array(n * 2));
    this.parents.push(new Int32Array(n));
    this.acts.push(this.newActions(n));
  }

  private growFirstChunk(): void {
    this.growFirstChunkTo(Math.min(CHUNK, this.parents[0]!.length * 2));
  }

  private growFirstChunkTo(n: number): void {
    const grown = <T extends Uint32Array | Int32Array | ActionArray>(a: T, make: (n: number) => T, per: number): T => {
      const b = make(n * per);
      b.set(a);
      return b;
    };
    this.states[0] = grown(this.states[0]!, (m) => new Uint32Array(m), Math.max(this.words, 1));
    if (this.fingerprint) this.fps[0] = grown(this.fps[0]!, (m) => new Uint32Array(m), 2);
    this.parents[0] = grown(this.parents[0]!, (m) => new Int32Array(m), 1);
    this.acts[0] = grown(this.acts[0]!, (m) => this.newActions(m), 1);
  }

  private grow(): void {
    const size = Math.ceil(this.tableSize * GROWTH);
    const table = new Int32Array(size);
    this.sizeTable(size);
    const W = this.words;
    for (let id = 0; id < this.size; id++) {
      const c = id >>> CHUNK_SHIFT;
      const o = id & CHUNK_MASK;
      const h = this.fingerprint ? this.fps[c]![o << 1]! | 0 : hashWords(this.states[c]!, o * W, W, SEED_A);
      let i = slotOf(h, size);
      while (table[i] !== 0) if (++i === size) i = 0;
      table[i] = this.tagOf(h) | (id + 1);
    }
    this.table = table;
  }

  /** Copies the state with id `id` into `out`. */
  readState(id: number, out: Uint32Array): void {
    const s = this.states[id >>> CHUNK_SHIFT]!;
    const o = (id & CHUNK_MASK) * this.words;
    if (o + this.words > s.length) throw new Error(`state ${id} is no longer held by the store`);
    for (let w = 0; w < this.words; w++) out[w] = s[o + w]!;
  }

  /**
   * Whether `state` is the state stored under `id`: exact mode compares the words, fingerprint mode
   * the fingerprint (its full state may be released).
   */
  matches(id: number, state: Uint32Array): boolean {
    const c = id >>> CHUNK_SHIFT;
    const o = id & CHUNK_MASK;
    const W = this.words;
    if (this.fingerprint) {
      const f = this.fps[c]!;
      return f[o << 1] === hashWords(state, 0, W, SEED_A) >>> 0 && f[(o << 1) + 1] === hashWords(state, 0, W, SEED_B) >>> 0;
    }
    const s = this.states[c]!;
    for (let w = 0; w < W; w++) if (s[o * W + w] !== state[w]) return false;
    return true;
  }

  /** The id this state was first reached from, or -1 for an initial state. */
  parentOf(id: number): number {
    return this.parents[id >>> CHUNK_SHIFT]![id & CHUNK_MASK]!;
  }

  /** The action that first reached this state (meaningless for an initial state). */
  actionOf(id: number): number {
    return this.acts[id >>> CHUNK_SHIFT]![id & CHUNK_MASK]!;
  }

  /**
   * Fingerprint mode: frees the full states of every chunk entirely below `id` (BFS expands in id
   * order, so they are never read again; traces are rebuilt from parents and replayed).
   */
  releaseStatesBelow(id: number): void {
    if (!this.fingerprint) return;
    const upto = id >>> CHUNK_SHIFT;
    while (this.released < upto) this.states[this.released++] = EMPTY;
  }

  /**
   * The 32-bit hashes (seed A) of every stored state whose hash is 0 modulo `rate`: a sample that
   * sharded runs compare to estimate how many states more than one shard stored. Sorted.
   */
  sampleHashes(rate: number): number[] {
    const out: number[] = [];
    const W = this.words;
    for (let id = 0; id < this.size; id++) {
      const c = id >>> CHUNK_SHIFT;
      const o = id & CHUNK_MASK;
      const h = (this.fingerprint ? this.fps[c]![o << 1]! : hashWords(this.states[c]!, o * W, W, SEED_A)) >>> 0;
      if (h % rate === 0) out.push(h);
    }
    return out.sort((a, b) => a - b);
  }

  /** Bytes of keys, parents, actions and table (exact mode: the keys are the states). */
  storeBytes(): number {
    let n = this.table.byteLength;
    const keys = this.fingerprint ? this.fps : this.states;
    for (let c = 0; c < this.parents.length; c++) {
      n += keys[c]!.byteLength + this.parents[c]!.byteLength + this.acts[c]!.byteLength;
    }
    return n;
  }

  /** Fingerprint mode: bytes of full states still held for expansion (0 in exact mode). */
  frontierBytes(): number {
    if (!this.fingerprint) return 0;
    let n = 0;
    for (const s of this.states) n += s.byteLength;
    return n;
  }
}
