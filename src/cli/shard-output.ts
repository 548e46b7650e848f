/** Writes one shard's cells, split statistics and replayable counterexamples (see src/shard). */
import { writeFile } from 'node:fs/promises';
import { SHARD_SAMPLE_RATE, type ShardStats } from '../checker/types.js';
import type { Bounds, Counterexample } from '../report/counterexample.js';
import { toTraceFile } from '../report/json-trace.js';
import type { CellResult } from '../report/results.js';
import { SHARD_FORMAT, SHARD_VERSION, type ShardFile } from '../shard/shard-file.js';
import type { RunOptions } from './options.js';
import { UsageError } from './usage-error.js';

export async function writeShardFile(
  path: string,
  options: RunOptions,
  /** The bounds of the first cell (every cell of a sharded run has the same). */
  bounds: Bounds | undefined,
  results: readonly CellResult[],
  counterexamples: readonly Counterexample[],
  stats: ReadonlyMap<string, ShardStats>,
): Promise<void> {
  // --jobs is how many searches ran at once on this machine, not what was searched.
  const { shard, jobs: _jobs, ...search } = options;
  if (shard === undefined) return;
  // What every shard of one run shares: merge refuses files that disagree on any of it.
  const run = { ...search, shards: shard.count, ...(shard.depth === undefined ? {} : { depth: shard.depth }), bounds: bounds ?? {} };
  const file: ShardFile = {
    format: SHARD_FORMAT,
    version: SHARD_VERSION,
    shard: { index: shard.index, count: shard.count },
    run,
    // A sharded run is a search: 'not-run' (Ctrl-C before its search) is the engine's incomplete.
    cells: results.map((r) => ({ ...r, verdict: r.verdict === 'holds' || r.verdict === 'violated' ? r.verdict : ('incomplete' as const) })).map((r) => {
      const cx = counterexamples.find((c) => c.variant === r.variant && c.property.name === r.invariant && (c.memoryModel ?? 'sc') === (r.memoryModel ?? 'sc'));
      const s = stats.get(r.search);
      const { files: _files, ...cell } = r;
      return {
        ...cell,
        ...(cx === undefined ? {} : { trace: toTraceFile(cx) }),
        ...(s?.splitDepth === undefined ? {} : { splitDepth: s.splitDepth }),
        prefixStates: s?.prefixStates ?? r.states,
        // The sample goes with the first cell of its search only; the others share it.
        ...(s === undefined || results.find((q) => q.search === r.search) !== r ? {} : { sample: s.sample, sampleRate: SHARD_SAMPLE_RATE }),
      };
    }),
  };
  try {
    await writeFile(path, `${JSON.stringify(file, null, 1)}\n`, { flag: 'wx' });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot write --shard-file ${path}: ${code === 'EEXIST' ? 'it exists (a shard never overwrites a file)' : String(code)}`);
  }
}
