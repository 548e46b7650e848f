/**
 * Andy Lutomirski's patch "audit: Only use the syscall slowpath when syscall audit rules exist"
 * (v2.1, early February 2014; reconstructed from the thread, so its open details are knobs): the first
 * rule walks every task setting TIF_SYSCALL_AUDIT, the last rule's removal walks clearing it, and
 * audit_alloc gives a child the flag only if audit_n_rules != 0.
 */
import type { VariantDef } from '../variant.js';
import { auditAddRule, auditDelRule } from '../steps/admin.js';
import { allocReadsNRules, attachOnly, copyProcess } from '../steps/fork.js';

export const v2_1: VariantDef = {
  name: 'v2.1',
  summary: "Andy's Feb 2014 patch (reconstructed): walks set the flag when rules appear, clear it when the last goes",
  base: 'legacy',
  steps: {
    // audit_alloc: if (audit_n_rules) set_tsk_thread_flag(tsk, TIF_SYSCALL_AUDIT); else clear_...
    copy_process: copyProcess(() => allocReadsNRules, attachOnly),
    audit_add_rule: auditAddRule(true),
    audit_del_rule: auditDelRule(true),
  },
  knobs: { 'walk-lock': 'tasklist', 'walk-skips-no-context': 'no', 'walk-on-add': 'first-rule', 'fork-read': 'early' },
};
