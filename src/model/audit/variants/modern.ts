/**
 * v5.11+ generic entry: the bit is SYSCALL_WORK_SYSCALL_AUDIT in thread_info->syscall_work, set by
 * audit_alloc when it allocates a context and never cleared by rules; syscall_trace_enter /
 * syscall_exit_work (kernel/entry/common.c) sample the work word separately, as x86 did in v3.13. At
 * this abstraction (audit_enabled constant, rules never match filters) it behaves as legacy.
 */
import type { VariantDef } from '../variant.js';

export const modern: VariantDef = {
  name: 'modern',
  summary: 'v5.11+ generic entry (SYSCALL_WORK_SYSCALL_AUDIT): set at fork when a context exists, never cleared',
  base: 'legacy',
  labels: { entryCheck: 'syscall_trace_enter', exitCheck: 'syscall_exit_work', entryFile: 'kernel/entry/common.c' },
};
