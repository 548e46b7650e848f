/**
 * A table growth's rehash, split across the workers without random writes. Inserting n states one
 * by one into a table larger than the caches costs a cache miss each (and, shared, a CAS each);
 * instead each worker first buckets its share of the ids by partition of their home slot (a
 * partition is 2^16 slots, 256 KiB, which a core's cache holds), then each fills its own run of
 * partitions from every worker's buckets with plain writes. An entry whose probe would leave that
 * run is handed back, and the coordinator inserts those last: linear probing stays correct, as
 * slots only ever fill.
 */
import { hashOfId } from './bulk.js';
import { slotOf, type SharedStore } from './shared-store.js';

export const PART_SHIFT = 16;
/** Ids a worker buckets per round: 16 MiB of (id, hash) pairs, so a growth holds little extra memory. */
export const ROUND_IDS = 1 << 21;

/** One worker's buckets: entries of partition p are pairs `offsets[p]..offsets[p + 1]` of `pairs`. */
export interface Buckets {
  readonly offsets: SharedArrayBuffer;
  /** (id, hash) per entry. */
  readonly pairs: SharedArrayBuffer;
}

/** Partitions of `v`'s table, or 0 when it is too small (or not a power of two) to split. */
export function partitionsOf(v: SharedStore, workers: number): number {
  const size = v.tableSize;
  if ((size & (size - 1)) !== 0) return 0;
  const parts = size >>> PART_SHIFT;
  return parts >= 2 * workers ? parts : 0;
}

/** The stored states with ids `lo..hi`, bucketed by partition of their home slot in `v`'s table. */
export function bucketRange(v: SharedStore, lo: number, hi: number): Buckets {
  const size = v.tableSize;
  const parts = size >>> PART_SHIFT;
  const hashes = new Int32Array(hi - lo);
  const counts = new Int32Array(parts + 1);
  let n = 0;
  for (let id = lo; id < hi; id++) {
    if (v.unused(id)) continue;
    const h = hashOfId(v, id);
    hashes[id - lo] = h;
    counts[(slotOf(h, size) >>> PART_SHIFT) + 1]!++;
    n++;
  }
  for (let p = 0; p < parts; p++) counts[p + 1]! += counts[p]!;
  const offsets = new SharedArrayBuffer((parts + 1) * 4);
  new Int32Array(offsets).set(counts);
  const pairs = new SharedArrayBuffer(n * 8);
  const out = new Int32Array(pairs);
  for (let id = lo; id < hi; id++) {
    if (v.unused(id)) continue;
    const h = hashes[id - lo]!;
    const q = counts[slotOf(h, size) >>> PART_SHIFT]!++;
    out[q << 1] = id;
    out[(q << 1) + 1] = h;
  }
  return { offsets, pairs };
}

/**
 * Inserts the entries of partitions `plo..phi` from every worker's buckets into the slots of those
 * partitions, which no other thread writes; returns the (id, hash) pairs whose probe ran past them.
 */
export function fillPartitions(v: SharedStore, buckets: readonly Buckets[], plo: number, phi: number): number[] {
  const table = v.table;
  const size = v.tableSize;
  const end = phi << PART_SHIFT;
  const spilled: number[] = [];
  const lists = buckets.map((b) => ({ offsets: new Int32Array(b.offsets), pairs: new Int32Array(b.pairs) }));
  for (let p = plo; p < phi; p++) {
    for (const { offsets, pairs } of lists) {
      for (let q = offsets[p]!; q < offsets[p + 1]!; q++) {
        const id = pairs[q << 1]!;
        const h = pairs[(q << 1) + 1]!;
        let j = slotOf(h, size);
        while (j < end && table[j] !== 0) j++;
        if (j === end) spilled.push(id, h);
        else table[j] = v.tagOf(h) | (id + 1);
      }
    }
  }
  return spilled;
}

/** Inserts (id, hash) pairs anywhere, on one thread once the workers are done. */
export function insertPairs(v: SharedStore, pairs: readonly number[]): void {
  const table = v.table;
  const size = v.tableSize;
  for (let k = 0; k < pairs.length; k += 2) {
    const h = pairs[k + 1]!;
    let j = slotOf(h, size);
    while (table[j] !== 0) if (++j === size) j = 0;
    table[j] = v.tagOf(h) | (pairs[k]! + 1);
  }
}
