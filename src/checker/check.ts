/**
 * `check`: a whole search in one call (the library entry point; the CLI uses `createSearch` to run it
 * in slices).
 */
import type { Model } from '../model/model.js';
import type { Invariant } from '../invariants/invariant.js';
import type { CheckOptions, CheckResult } from './types.js';
import { createSearch } from './search.js';

/**
 * Explores the reachable states of `model` and checks every invariant (and deadlock freedom unless
 * `deadlock: false`). Traces in the result have been replayed through the model.
 */
export function check(model: Model, invariants: readonly Invariant[], options: CheckOptions = {}): CheckResult {
  const search = createSearch(model, invariants, options);
  while (!search.run(1000));
  return search.result();
}
