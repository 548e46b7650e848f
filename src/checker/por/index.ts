/**
 * Partial-order reduction: a layer between the search loop and the model (the loop only sees an
 * {@link Expander}). `stubbornSets` builds the expander; `explainPor` prints what it is built from.
 */
export { stubbornSets, type StubbornOptions } from './stubborn.js';
export { explainPor } from './explain.js';
export { porBlockers, type Blockers } from './blockers.js';
export { footprintProblems, commuteProblems, randomReachable, rngFrom } from './honesty.js';
