/** The built-in LKMM litmus checker: parse, print, check. */
export { LitmusError, Unsupported, type LitmusTest } from './ast.js';
export { parseLitmus } from './parse.js';
export { printLitmus } from './print.js';
export { checkLitmus, allowedOutcomes, type CheckResult, type CheckOptions, type Result } from './check.js';
export { MEMORY_MODELS, type MemoryModel } from './lkmm.js';
