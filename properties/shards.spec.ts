import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FC_SEED } from './seed.js';
import { arbModelWithInvariants } from './random-model.js';
import { check } from '../src/checker/index.js';
import type { CheckOptions, CheckResult } from '../src/checker/types.js';
import { mergeShards, SHARD_FORMAT, SHARD_VERSION, type ShardFile } from '../src/shard/shard-file.js';

function shardFile(index: number, count: number, r: CheckResult): ShardFile {
  return {
    format: SHARD_FORMAT,
    version: SHARD_VERSION,
    shard: { index, count },
    run: {},
    cells: r.properties.map((p) => ({
      variant: 'm',
      invariant: p.name,
      verdict: p.verdict,
      search: '1',
      states: r.stats.states,
      transitions: r.stats.transitions,
      depth: r.stats.maxDepth,
      seconds: 0,
      ...(p.trace === undefined ? {} : { traceLength: p.trace.steps.length }),
      prefixStates: r.shard?.prefixStates ?? 0,
    })),
  };
}

const verdicts = (cells: readonly { invariant: string; verdict: string }[]): Record<string, string> =>
  Object.fromEntries(cells.map((c) => [c.invariant, c.verdict]));

describe(`sharded search on random models (seed ${FC_SEED})`, () => {
  it('N shards merged give the verdicts of one run (N = 1, 2, 5), with or without POR, any split depth', () => {
    fc.assert(
      fc.property(arbModelWithInvariants(), fc.boolean(), fc.integer({ min: 0, max: 5 }), ({ model, invariants }, por, depth) => {
        const one = check(model, invariants, { por });
        const want = verdicts(one.properties.map((p) => ({ invariant: p.name, verdict: p.verdict })));
        for (const count of [1, 2, 5]) {
          const files = [...Array(count).keys()].map((index) => {
            const options: CheckOptions = { por, shard: { index, count, depth } };
            return shardFile(index, count, check(model, invariants, options));
          });
          const merged = mergeShards(files);
          expect(verdicts(merged.cells), `${count} shards`).toEqual(want);
          // A violation's merged trace is never shorter than the shortest one (BFS of one run).
          for (const c of merged.cells) {
            const p = one.properties.find((q) => q.name === c.invariant)!;
            if (c.verdict === 'violated' && !por) expect(c.traceLength).toBeGreaterThanOrEqual(p.trace!.steps.length);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('a missing or cut-short shard makes the merge incomplete, never holds', () => {
    fc.assert(
      fc.property(arbModelWithInvariants(), ({ model, invariants }) => {
        const runs = [0, 1, 2].map((index) => check(model, invariants, { shard: { index, count: 3, depth: 1 } }));
        const holding = runs[0]!.properties.filter((p) => runs.every((r) => r.properties.find((q) => q.name === p.name)!.verdict === 'holds'));
        const partial = mergeShards([shardFile(0, 3, runs[0]!), shardFile(2, 3, runs[2]!)]);
        expect(partial.missing).toEqual([1]);
        const cut = check(model, invariants, { shard: { index: 1, count: 3, depth: 1 }, maxStates: 1 });
        const withCut = mergeShards([shardFile(0, 3, runs[0]!), shardFile(1, 3, cut), shardFile(2, 3, runs[2]!)]);
        for (const p of holding) {
          expect(verdicts(partial.cells)[p.name]).toBe('incomplete');
          if (cut.stats.states < runs[1]!.stats.states) expect(verdicts(withCut.cells)[p.name]).toBe('incomplete');
        }
      }),
    );
  });
});
