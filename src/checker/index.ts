/**
 * The search engine's public surface. It knows nothing about audit: a model is packed states, ordered
 * actions with footprints, and named invariants (src/model, src/invariants).
 */
export { check } from './check.js';
export { createSearch, type Search } from './search.js';
export { replayTrace, ReplayError, lastState } from './trace.js';
export { minimalTrace, threadSwitches, type MinimalTraceOptions } from './minimal-trace.js';
export { fullExpansion } from './expand.js';
export type * from './types.js';
