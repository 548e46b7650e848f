/**
 * `createSearch` and `check`: where the options' `por` shorthand becomes a reduction factory, so the
 * search loop (search.ts) imports no reduction technique.
 */
import type { Model } from '../model/model.js';
import type { Invariant } from '../invariants/invariant.js';
import type { CheckOptions, CheckResult, ReductionFactory } from './types.js';
import { SearchRun, type Search } from './search.js';
import { stubbornSets } from './por/stubborn.js';

/** The reduction `options` ask for: `reduction` itself, stubborn sets for `por: true`, or none. */
export function reductionOf(options: CheckOptions): ReductionFactory | undefined {
  return options.reduction ?? (options.por === true ? stubbornSets : undefined);
}

/** Creates a search; nothing is explored until {@link Search.run}. */
export function createSearch(model: Model, invariants: readonly Invariant[], options: CheckOptions = {}): Search {
  const reduction = reductionOf(options);
  return new SearchRun(model, invariants, reduction === undefined ? options : { ...options, reduction });
}

/**
 * Explores the reachable states of `model` and checks every invariant (and deadlock freedom unless
 * `deadlock: false`). Traces in the result have been replayed through the model.
 */
export function check(model: Model, invariants: readonly Invariant[], options: CheckOptions = {}): CheckResult {
  const search = createSearch(model, invariants, options);
  while (!search.run(1000));
  return search.result();
}
