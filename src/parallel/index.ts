/** Parallel search on worker threads over one shared store (see coordinator.ts). */
export { parallelCheck, ParallelRun, type ParallelTuning } from './coordinator.js';
