/**
 * v3.13 mainline. audit_alloc is the only place that touches TIF_SYSCALL_AUDIT (it sets it whenever it
 * allocates a context), rule changes only count, and both hooks run on every syscall of an audited
 * task: `dummy` decides at entry whether the syscall is really audited.
 */
import type { VariantDef } from '../variant.js';
import { auditSyscallEntry, auditLogStart, bprmFcaps, getname, systemCall } from '../steps/syscall.js';
import { noExitTail, syscallExit } from '../steps/exit.js';
import { allocSetsFlag, attachOnly, copyProcess } from '../steps/fork.js';
import { auditAddRule, auditDelRule } from '../steps/admin.js';

export const legacy: VariantDef = {
  name: 'legacy',
  summary: 'v3.13 mainline: audit_alloc sets TIF_SYSCALL_AUDIT on every task with a context, nothing clears it',
  labels: { entryCheck: 'system_call', exitCheck: 'sysret_check', entryFile: 'arch/x86/kernel/entry_64.S' },
  steps: {
    system_call: systemCall,
    entry_hook: auditSyscallEntry,
    getname,
    audit_log_start: auditLogStart(false),
    bprm_fcaps: bprmFcaps(false),
    syscall_exit: syscallExit,
    exit_tail: noExitTail,
    copy_process: copyProcess(() => allocSetsFlag, attachOnly),
    audit_add_rule: auditAddRule(false),
    audit_del_rule: auditDelRule(false),
  },
  knobs: { 'other-entry-work': 'none', preempt: 'none', scheduler: 'explicit', 'fork-in': 'first-syscall' },
};
