/**
 * The two bulk passes over the shared store, run by the coordinator on small inputs and split across
 * the workers on large ones: re-inserting every entry into a grown table, and moving a finished
 * level's pending records to their final ids.
 */
import { SEED_A, SEED_B, hashWords } from '../checker/hash.js';
import { CHUNK_MASK, CHUNK_SHIFT, slotOf, type SharedStore } from './shared-store.js';

/** Below this many items a pass runs on the coordinator: waking the workers costs more. */
export const BULK_MIN = 1 << 15;

/** Hash (seed A) of the stored state `ref`, final or pending. */
export function hashOfRef(v: SharedStore, ref: number): number {
  const W = v.words;
  const levelEnd = v.levelEnd;
  if (v.fingerprint) return (ref < levelEnd ? v.fps[ref >>> CHUNK_SHIFT]![(ref & CHUNK_MASK) << 1]! : v.pendFps[(ref - levelEnd) << 1]!) | 0;
  if (ref < levelEnd) return hashWords(v.states[ref >>> CHUNK_SHIFT]!, (ref & CHUNK_MASK) * W, W, SEED_A);
  return hashWords(v.pendStates, (ref - levelEnd) * W, W, SEED_A);
}

/**
 * Inserts the stored states `0..n` (final ids, then pending records after `levelEnd`) whose home slot
 * lies in this worker's share `[from, to)` of `v`'s empty, grown table, with plain writes: no other
 * thread writes there. A state whose probe runs past `to` is left for the coordinator (returned),
 * which inserts those after every worker is done; linear probing stays correct, as slots only fill.
 * In id order, as the one-thread store does, so states are read in sequence.
 */
export function rehashShare(v: SharedStore, n: number, from: number, to: number): number[] {
  const table = v.table;
  const size = v.tableSize;
  const levelEnd = v.levelEnd;
  const slots = v.pendSlots;
  const keys = v.pendKey32;
  const spilled: number[] = [];
  for (let ref = 0; ref < n; ref++) {
    if (ref >= levelEnd && keys[((ref - levelEnd) << 1) + 1]! < 0) continue; // never published
    const h = hashOfRef(v, ref);
    let j = slotOf(h, size);
    if (j < from || j >= to) continue;
    while (j < to && table[j] !== 0) j++;
    if (j === to) {
      spilled.push(ref);
      continue;
    }
    table[j] = v.tagOf(h) | (ref + 1);
    if (ref >= levelEnd) slots[ref - levelEnd] = j;
  }
  return spilled;
}

/** Inserts stored states `refs` (or all `0..n` when absent) into `v`'s table, probing anywhere. */
export function rehashAll(v: SharedStore, n: number, refs?: readonly number[]): void {
  const table = v.table;
  const size = v.tableSize;
  const levelEnd = v.levelEnd;
  const count = refs === undefined ? n : refs.length;
  for (let k = 0; k < count; k++) {
    const ref = refs === undefined ? k : refs[k]!;
    if (ref >= levelEnd && v.pendKey32[((ref - levelEnd) << 1) + 1]! < 0) continue;
    const h = hashOfRef(v, ref);
    let j = slotOf(h, size);
    while (table[j] !== 0) if (++j === size) j = 0;
    table[j] = v.tagOf(h) | (ref + 1);
    if (ref >= levelEnd) v.pendSlots[ref - levelEnd] = j;
  }
}

/** Writes final id `id`: state words from `src` at word `o`, fingerprint, parent and action. */
export function placeFinal(v: SharedStore, id: number, src: Uint32Array, o: number, parent: number, action: number): void {
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

/** Gives pending records `order[lo..hi)` the final ids `levelEnd + j`, and points their table slots there. */
export function placeRange(v: SharedStore, order: Int32Array, lo: number, hi: number): void {
  const W = v.words;
  const keys = v.pendKey32;
  const table = v.table;
  const tagMask = v.tagMask;
  for (let j = lo; j < hi; j++) {
    const r = order[j]!;
    const id = v.levelEnd + j;
    placeFinal(v, id, v.pendStates, r * W, keys[(r << 1) + 1]!, keys[r << 1]! & 0xffff);
    const slot = v.pendSlots[r]!;
    table[slot] = (table[slot]! & tagMask) | (id + 1);
  }
}

/** The share `[lo, hi)` of `n` items for worker `k` of `workers`. */
export function shareOf(n: number, k: number, workers: number): [number, number] {
  return [Math.floor((n * k) / workers), Math.floor((n * (k + 1)) / workers)];
}
