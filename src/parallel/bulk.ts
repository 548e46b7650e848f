/**
 * The bulk passes over the shared store, run by the coordinator on small inputs and split across
 * the workers on large ones: re-inserting every state into a grown table, and settling a finished
 * level's records (parents, actions, ranks).
 */
import { SEED_A, SEED_B, hashWords } from '../checker/hash.js';
import { CHUNK_MASK, CHUNK_SHIFT, slotOf, UNUSED, type SharedStore } from './shared-store.js';

/** Below this many items a pass runs on the coordinator: waking the workers costs more. */
export const BULK_MIN = 1 << 15;

/** Hash (seed A) of the stored state `id`. */
export function hashOfId(v: SharedStore, id: number): number {
  const c = id >>> CHUNK_SHIFT;
  const i = id & CHUNK_MASK;
  if (v.fingerprint) return v.fps[c]![i << 1]! | 0;
  return hashWords(v.states[c]!, i * v.words, v.words, SEED_A);
}

/**
 * Inserts the stored states with ids `lo..hi` into `v`'s grown table, which holds nothing else yet
 * but states other threads insert at the same time: each one hashes only its own ids, in order (so
 * states are read in sequence), and takes a slot by compare-and-swap. Every id is a distinct state,
 * so no entry is compared: an empty slot is the state's.
 */
export function rehashRange(v: SharedStore, lo: number, hi: number): void {
  const table = v.table;
  const size = v.tableSize;
  for (let id = lo; id < hi; id++) {
    if (v.unused(id)) continue;
    const h = hashOfId(v, id);
    const entry = v.tagOf(h) | (id + 1);
    let j = slotOf(h, size);
    for (;;) {
      if (table[j] === 0 && Atomics.compareExchange(table, j, 0, entry) === 0) break;
      if (++j === size) j = 0;
    }
  }
}

/** Writes state `id`: words from `src` at word `o`, fingerprint, parent and action. */
export function placeState(v: SharedStore, id: number, src: Uint32Array, o: number, parent: number, action: number): void {
  const W = v.words;
  const c = id >>> CHUNK_SHIFT;
  const i = id & CHUNK_MASK;
  const s = v.states[c]!;
  for (let w = 0; w < W; w++) s[i * W + w] = src[o + w]!;
  if (v.fingerprint) {
    const f = v.fps[c]!;
    f[i << 1] = hashWords(s, i * W, W, SEED_A);
    f[(i << 1) + 1] = hashWords(s, i * W, W, SEED_B);
  }
  v.parents[c]![i] = parent;
  v.acts[c]![i] = action;
}

/**
 * Settles records `lo..hi` of the level just found: the parent (the id of the rank in its key,
 * `parentIds[rank]`) and action of each, or {@link UNUSED}.
 */
export function linkRange(v: SharedStore, parentIds: Int32Array, lo: number, hi: number): void {
  const keys = v.key32;
  for (let r = lo; r < hi; r++) {
    const id = v.levelEnd + r;
    const c = id >>> CHUNK_SHIFT;
    const i = id & CHUNK_MASK;
    const rank = keys[(r << 1) + 1]!;
    if (rank < 0) {
      v.parents[c]![i] = UNUSED;
      continue;
    }
    v.parents[c]![i] = parentIds[rank]!;
    v.acts[c]![i] = keys[r << 1]! & 0xffff;
  }
}

/** The ranks of the level just found: `ranks[order[j]] = j` for `j` in `lo..hi`. */
export function rankRange(order: Int32Array, ranks: Int32Array, lo: number, hi: number): void {
  for (let j = lo; j < hi; j++) ranks[order[j]!] = j;
}

/** The share `[lo, hi)` of `n` items for worker `k` of `workers`. */
export function shareOf(n: number, k: number, workers: number): [number, number] {
  return [Math.floor((n * k) / workers), Math.floor((n * (k + 1)) / workers)];
}
