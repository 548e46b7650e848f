/**
 * The order in which the one-thread BFS numbers a level's new states: by parent (its rank in its
 * level), then by the successor's index among its parent's. A counting sort by parent, then
 * insertion sort inside each parent's few children.
 */
import type { SharedStore } from './shared-store.js';

export interface SortedLevel {
  /** Per parent rank k: its children are order[offsets[k] .. offsets[k + 1]). */
  readonly offsets: Int32Array;
  /** Record numbers (id - levelEnd) in BFS order; unused records are left out. */
  readonly order: Int32Array;
}

/** Sorts the first `records` records of `v`, whose parents have ranks `0..parents`. */
export function sortedLevel(v: SharedStore, parents: number, records: number): SortedLevel {
  const keys = v.key32;
  const offsets = new Int32Array(parents + 1);
  let total = 0;
  for (let r = 0; r < records; r++) {
    const hi = keys[(r << 1) + 1]!;
    if (hi < 0) continue; // claimed, never published
    offsets[hi + 1]!++;
    total++;
  }
  for (let k = 0; k < parents; k++) offsets[k + 1]! += offsets[k]!;
  const pos = offsets.slice(0, parents);
  // Shared, so that the workers can settle the level from it.
  const order = new Int32Array(new SharedArrayBuffer(total * 4));
  for (let r = 0; r < records; r++) {
    const hi = keys[(r << 1) + 1]!;
    if (hi >= 0) order[pos[hi]!++] = r;
  }
  for (let k = 0; k < parents; k++) {
    for (let j = offsets[k]! + 1; j < offsets[k + 1]!; j++) {
      const r = order[j]!;
      const lo = keys[r << 1]! >>> 0;
      let i = j - 1;
      while (i >= offsets[k]! && keys[order[i]! << 1]! >>> 0 > lo) {
        order[i + 1] = order[i]!;
        i--;
      }
      order[i + 1] = r;
    }
  }
  return { offsets, order };
}
