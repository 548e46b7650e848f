/**
 * v3.13 mainline (kernel-audit.md §4). audit_alloc is the only place that touches TIF_SYSCALL_AUDIT
 * (it sets it whenever it allocates a context), rule changes only count, and both hooks run on every
 * syscall of an audited task: `dummy` decides at entry whether the syscall is really audited.
 */
import type { VariantSpec } from '../variant.js';

export const legacy: VariantSpec = {
  name: 'legacy',
  entryHook: '__audit_syscall_entry',
  entrySource: 'arch/x86/kernel/entry_64.S',
  entryCheck: 'system_call',
  exitCheck: 'sysret_check',
  auditAllocFlag: 'set',
  addRuleWalks: false,
  delRuleWalks: false,
  exitClearsFlag: false,
  recordStartsRecord: false,
};
