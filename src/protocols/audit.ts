/** The audit protocol under the name `audit`; its configuration is an {@link AuditConfig}. */
import { auditInvariants } from '../invariants/audit.js';
import { auditLiveness } from '../invariants/audit-liveness.js';
import { buildAuditModel, type AuditModel } from '../model/audit/index.js';
import type { AuditConfig } from '../model/audit/config.js';
import { registerProtocol, type ProtocolInstance } from './registry.js';
// Its counterexample sets carry a .litmus (registered with the protocol, for every renderer).
import './audit-set-files.js';

/**
 * The audit model's bookkeeping fields (program counters, CPUs, syscall and rule-op counters, the walk
 * cursor): left out of texts and graphs so the kernel state stands out.
 */
export function isBookkeeping(field: string): boolean {
  // Store-buffer slots are shown decoded, as the step's notes.
  return /(^|\.)(pc|cpu|nr_syscalls|rule_ops|walk)$/.test(field) || /\.sb\[\d+\]\./.test(field);
}

export function auditProtocol(config: AuditConfig): ProtocolInstance & { readonly model: AuditModel } {
  const model = buildAuditModel(config);
  return { model, invariants: auditInvariants(model), liveness: auditLiveness(model), knobs: model.config.knobs, hidden: isBookkeeping };
}

registerProtocol({ name: 'audit', build: (config) => auditProtocol(config as AuditConfig) });
