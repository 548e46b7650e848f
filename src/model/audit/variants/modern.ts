/**
 * v5.11+ generic entry (kernel-audit.md §7): the bit is SYSCALL_WORK_SYSCALL_AUDIT in
 * thread_info->syscall_work, set by audit_alloc when it allocates a context and never cleared by rules;
 * syscall_trace_enter / syscall_exit_work sample the work word separately, as x86 did in v3.13.
 * At this abstraction (audit_enabled constant, rules never match filters) it behaves as legacy.
 */
import type { VariantSpec } from '../variant.js';
import { legacy } from './legacy.js';

export const modern: VariantSpec = {
  ...legacy,
  name: 'modern',
  entrySource: 'kernel/entry/common.c',
  entryCheck: 'syscall_trace_enter',
  exitCheck: 'syscall_exit_work',
};
