/**
 * The order in which the one-thread BFS numbers a level's new states: by parent id, then by the
 * successor's index among its parent's. A counting sort by parent, then insertion sort inside each
 * parent's few children.
 */
import type { SharedStore } from './shared-store.js';

export interface SortedLevel {
  /** Per parent k (id - levelStart): its children are order[offsets[k] .. offsets[k + 1]). */
  readonly offsets: Int32Array;
  /** Pending record numbers in final-id order. */
  readonly order: Int32Array;
}

export function sortedLevel(v: SharedStore, start: number, end: number): SortedLevel {
  const L = end - start;
  const records = Math.min(Atomics.load(v.counters, 0), v.maxFill - v.levelEnd);
  const keys = v.pendKey32;
  const offsets = new Int32Array(L + 1);
  let total = 0;
  for (let r = 0; r < records; r++) {
    const hi = keys[(r << 1) + 1]!;
    if (hi < 0) continue; // allocated, never published
    offsets[hi - start + 1]!++;
    total++;
  }
  for (let k = 0; k < L; k++) offsets[k + 1]! += offsets[k]!;
  const pos = offsets.slice(0, L);
  // Shared, so the workers can move the records in parallel.
  const order = new Int32Array(new SharedArrayBuffer(total * 4));
  for (let r = 0; r < records; r++) {
    const hi = keys[(r << 1) + 1]!;
    if (hi >= 0) order[pos[hi - start]!++] = r;
  }
  for (let k = 0; k < L; k++) {
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
