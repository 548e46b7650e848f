/**
 * The search engine's public surface. It knows nothing about audit: a model is packed states, ordered
 * actions with footprints, and named invariants (src/model, src/invariants).
 *
 * - {@link check}: a whole search; {@link createSearch}: the same, run in time slices (CLI, Ctrl-C).
 * - {@link replayTrace}: re-runs actions through the model; {@link ReplayError} when they do not replay.
 * - {@link minimalTrace}: shortest trace with the fewest thread switches, for polishing counterexamples.
 * - {@link fullExpansion}: the expander that explores every enabled action (POR is `./por/`).
 * - {@link checkLiveness}: liveness under weak fairness, lasso counterexamples (`./liveness/`).
 *
 * @example
 * const result = check(model, invariants, { search: 'bfs', maxSeconds: 60 });
 * for (const p of result.properties) console.log(p.name, p.verdict, p.trace?.steps.length);
 */
export { check, createSearch, reductionOf } from './check.js';
export type { Search } from './search.js';
export { DEADLOCK_PROPERTY, invariantProperty, isDeadlocked, propertiesFor, violatesProperty, type Property } from './property.js';
export type { CycleCondition, LivenessCase, LivenessProperty, SafetyProperty } from './property.js';
export {
  checkLiveness,
  createLivenessCheck,
  lassoProblem,
  type LivenessCheck,
  type LivenessOptions,
  type LivenessPropertyResult,
  type LivenessResult,
} from './liveness/index.js';
export { replayTrace, ReplayError, lastState } from './trace.js';
export { minimalTrace, threadSwitches, type MinimalTraceOptions } from './minimal-trace.js';
export { fullExpansion } from './expand.js';
export { simulate, type SimulationOptions, type SimulationResult } from './simulate.js';
export type * from './types.js';
