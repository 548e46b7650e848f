/**
 * Andy Lutomirski's proposal of 4 February 2014, as written:
 *  - __audit_syscall_entry is replaced by __audit_start_record: no BUG when already in_syscall, and it
 *    *sets* TIF_SYSCALL_AUDIT; record producers (audit_log_start, __audit_log_bprm_fcaps) call it first;
 *  - __audit_syscall_exit clears TIF_SYSCALL_AUDIT if audit_n_rules == 0;
 *  - inc_n_rules sets the flag on every task "without even needing to worry about races, I think";
 *  - dec_n_rules does nothing special;
 *  - copy_process reads audit_n_rules in audit_alloc, before the child is on the task list.
 */
import type { VariantDef } from '../variant.js';
import { auditStartRecord, auditLogStart, bprmFcaps } from '../steps/syscall.js';
import { exitTailPlain } from '../steps/exit.js';
import { auditAddRule, auditDelRule } from '../steps/admin.js';

export const proposed: VariantDef = {
  name: 'proposed',
  summary: "Andy's 4 Feb 2014 proposal as written: __audit_start_record, exit hook clears the flag when n_rules == 0",
  base: 'v2.1',
  steps: {
    entry_hook: auditStartRecord,
    audit_log_start: auditLogStart(true),
    bprm_fcaps: bprmFcaps(true),
    exit_tail: exitTailPlain,
    audit_add_rule: auditAddRule(true),
    audit_del_rule: auditDelRule(false),
  },
  knobs: { 'walk-on-add': 'every-rule', 'exit-clear': 'plain', 'bprm-fcaps-starts-record': 'yes', 'inc-barrier': 'none' },
};
