/**
 * Andy Lutomirski's proposal of 4 Feb 2014 (lutomirski-2014-02-04.txt, kernel-audit.md §6), as written:
 *  - __audit_syscall_entry is replaced by __audit_start_record: no BUG when already in_syscall, and it
 *    *sets* TIF_SYSCALL_AUDIT; record producers (audit_log_start, __audit_log_bprm_fcaps) call it first;
 *  - __audit_syscall_exit clears TIF_SYSCALL_AUDIT if n_rules == 0 (knob exit-clear: plain);
 *  - inc_n_rules sets the flag on every task "without even needing to worry about races";
 *  - dec_n_rules does nothing special;
 *  - copy_process reads n_rules in audit_alloc, before the child is on the task list (knob fork-read: early).
 */
import type { VariantSpec } from '../variant.js';
import { legacy } from './legacy.js';

export const proposed: VariantSpec = {
  ...legacy,
  name: 'proposed',
  entryHook: '__audit_start_record',
  auditAllocFlag: 'from-n_rules',
  addRuleWalks: true,
  delRuleWalks: false,
  exitClearsFlag: true,
  recordStartsRecord: true,
};
