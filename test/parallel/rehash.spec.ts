/**
 * The partitioned rehash of a table growth (src/parallel/rehash.ts), run in-process as the workers
 * would run it: every stored state must be found again after the growth, exactly once, and an id a
 * level claimed and left unused must stay out of the table.
 */
import { describe, expect, it } from 'vitest';
import { Arena } from '../../src/parallel/arena.js';
import { shareOf } from '../../src/parallel/bulk.js';
import { bucketRange, fillPartitions, insertPairs, PART_SHIFT } from '../../src/parallel/rehash.js';
import { C_PENDING, RECORD_BLOCK, TABLE_FULL } from '../../src/parallel/shared-store.js';

/** Distinct 2-word keys whose first words repeat (as real states' do). */
const key = (i: number): Uint32Array => Uint32Array.of(i & 7, Math.imul(i, 0x9e3779b1) >>> 0);

/** Inserts keys 0..n as states of level 1, growing the table as the coordinator does. */
async function filled(n: number, unusedAt: number): Promise<Arena> {
  const arena = new Arena(2, false, 1);
  arena.insertRoot(Uint32Array.of(0xffffffff, 0xffffffff));
  await arena.startLevel(1, 1);
  for (let i = 0; i < n; i++) {
    if (i === unusedAt) {
      // What a worker that lost a race leaves: a claimed record, never published (releaseSpare).
      const r = Atomics.add(arena.view.counters, C_PENDING, RECORD_BLOCK);
      for (let k = r; k < r + RECORD_BLOCK; k++) arena.view.key32[(k << 1) + 1] = -1;
    }
    let id = arena.view.findOrInsert(key(i), 0, 0);
    while (id === TABLE_FULL) {
      arena.view.releaseSpare();
      await arena.growTable();
      id = arena.view.findOrInsert(key(i), 0, 0);
    }
  }
  // As every thread does at the end of a phase: the rest of its block of records stays unused.
  arena.view.releaseSpare();
  return arena;
}

describe('partitioned rehash', () => {
  // Many workers, so many runs of partitions and so many boundaries a probe can run across: the
  // spilled entries are the ones the coordinator must insert last.
  for (const workers of [2, 16]) {
    it(`finds every state once after a growth split over ${workers} workers, spilled probes included`, async () => {
      const n = 300_000;
      const arena = await filled(n, 1234);
      let spilled = 0;
      await arena.growTable(0, async (ids) => {
        const v = arena.view;
        const parts = v.tableSize >>> PART_SHIFT;
        const buckets = Array.from({ length: workers }, (_, k) => bucketRange(v, ...shareOf(ids, k, workers)));
        for (let k = 0; k < workers; k++) {
          const out = fillPartitions(v, buckets, ...shareOf(parts, k, workers));
          spilled += out.length / 2;
          insertPairs(v, out);
        }
      });
      const v = arena.view;
      expect(v.tableSize >>> PART_SHIFT).toBeGreaterThanOrEqual(workers);
      let lost = 0;
      for (let i = 0; i < n; i++) if (v.find(key(i)) < 0) lost++;
      expect(lost).toBe(0);
      expect(v.find(Uint32Array.of(0xffffffff, 0xffffffff))).toBe(0);
      // n keys and the root, each once: an unused id or a twice-placed entry would add one.
      expect(v.table.reduce((c, e) => c + (e === 0 ? 0 : 1), 0)).toBe(n + 1);
      if (workers === 16) expect(spilled).toBeGreaterThan(0);
    });
  }
});
