/** Parallel search on worker threads over one shared store (see coordinator.ts). */
import type { Model } from '../model/model.js';
import type { Invariant } from '../invariants/invariant.js';
import type { CheckOptions, CheckResult } from '../checker/types.js';
import type { ProtocolRef } from '../protocols/registry.js';
import { ParallelRun, type ParallelTuning } from './coordinator.js';

export { ParallelRun, type ParallelTuning } from './coordinator.js';

/** A parallel search over `workers` threads; the model is rebuilt in each from `ref`. */
export async function parallelCheck(
  ref: ProtocolRef,
  model: Model,
  invariants: readonly Invariant[],
  options: CheckOptions,
  workers: number,
  signal?: AbortSignal,
  tuning: ParallelTuning = {},
): Promise<CheckResult & { readonly underApproximations: readonly string[] }> {
  if (options.reduction !== undefined) throw new Error('parallel search: a reduction factory cannot be sent to workers; use por');
  if (options.search === 'dfs') throw new Error('parallel search is breadth first; --search dfs needs --workers 1');
  if (options.shard !== undefined) throw new Error('a sharded search runs on one thread; use --workers 1 with --shard');
  const run = new ParallelRun(model, invariants, options, tuning);
  const result = await run.run(ref, workers, signal);
  return { ...result, underApproximations: run.underApproximations };
}
