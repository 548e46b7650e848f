/**
 * The built-in LKMM litmus checker: parse, print, check.
 *
 * An exporter builds a `LitmusTest` and prints it; `parseLitmus(printLitmus(t))` equals `t`.
 * For example, one thread storing 1 to x then setting a bit of flag:
 *
 *     const x = { kind: 'deref', arg: { kind: 'var', name: 'x' } } as const;
 *     const p0: Thread = {
 *       id: 0,
 *       params: [{ type: 'int', ptr: 1, name: 'x' }, { type: 'int', ptr: 1, name: 'flag' }],
 *       body: [
 *         { kind: 'call', call: { kind: 'call', name: 'WRITE_ONCE', args: [x, { kind: 'num', value: 1 }] } },
 *         { kind: 'call', call: { kind: 'call', name: 'atomic_or', args: [{ kind: 'num', value: 1 }, { kind: 'var', name: 'flag' }] } },
 *       ],
 *     };
 *
 * Comments naming kernel functions go in `doc` (printed as the header comment).
 */
export { LitmusError, Unsupported, type Condition, type Expr, type InitEntry, type LitmusTest, type Param, type Prop, type Stmt, type Target, type Thread, type Value } from './ast.js';
export { parseLitmus } from './parse.js';
export { printLitmus, printCondition } from './print.js';
export { checkLitmus, allowedOutcomes, type CheckResult, type CheckOptions, type Result } from './check.js';
export { MEMORY_MODELS, type MemoryModel } from './lkmm.js';
export { litmusJson, renderLitmusText } from './report.js';
