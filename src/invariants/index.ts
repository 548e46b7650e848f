/** Invariants: the generic contract and the audit protocol's properties. */
export type { Invariant } from './invariant.js';
export { INVARIANTS, auditInvariants } from './audit.js';
export { LIVENESS, auditLiveness, livenessUnavailable } from './audit-liveness.js';
