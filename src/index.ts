/**
 * audit-check as a library. `runCheck` runs a protocol's configuration against its properties and
 * returns verdicts with their counterexamples joined; the engine (`check`, `createSearch`) and the
 * protocol registry are here too, for programs that bring their own model.
 *
 * @example
 * import { runCheck } from 'audit-check';
 * const ac = new AbortController();
 * const out = await runCheck({ protocol: 'audit', config, properties: ['rule-coverage'], signal: ac.signal });
 * for (const p of out.properties) console.log(p.property.name, p.verdict, p.trace?.steps.length);
 */
export { runCheck, polish, selectProperties, UnknownPropertyError, UnsupportedLivenessOptionError } from './api/run.js';
export type { RunRequest, RunOutcome, PropertyOutcome } from './api/run.js';
export * from './checker/index.js';
export { ConfigError, loadProtocol, protocolNamed, registerProtocol, UnknownProtocolError } from './protocols/index.js';
export type { Protocol, ProtocolInstance, ProtocolRef } from './protocols/index.js';
export type { Model, Action, ActionId, Footprint, Symmetry } from './model/model.js';
export type { Invariant } from './invariants/invariant.js';
