/**
 * Liveness under weak fairness (see {@link LivenessProperty} for the semantics): SCC decomposition of
 * the stored reachable graph, lasso counterexamples replayed and re-checked.
 *
 * @example
 * const r = checkLiveness(model, [property], { maxSeconds: 60 });
 * for (const p of r.properties) console.log(p.name, p.verdict, p.case, p.trace?.loopStart);
 */
export {
  checkLiveness,
  createLivenessCheck,
  type LivenessCheck,
  type LivenessOptions,
  type LivenessPropertyResult,
  type LivenessResult,
} from './check.js';
export { lassoProblem } from './lasso-check.js';
