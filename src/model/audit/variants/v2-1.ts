/**
 * [PATCH v2.1] "audit: Only use the syscall slowpath when syscall audit rules exist" (reconstructed,
 * kernel-audit.md §5). On top of legacy:
 *  - audit_alloc:     set_tsk_thread_flag  ->  flag = (audit_n_rules != 0), before the child is on the list;
 *  - audit_add_rule:  n_rules 0 -> 1 (knob walk-on-add: or every add) walks all tasks setting the flag;
 *  - audit_del_rule:  n_rules -> 0 walks all tasks clearing the flag.
 * Entry and exit hooks are unchanged: the flag is still sampled twice per syscall.
 */
import type { VariantSpec } from '../variant.js';
import { legacy } from './legacy.js';

export const v2_1: VariantSpec = {
  ...legacy,
  name: 'v2.1',
  auditAllocFlag: 'from-n_rules',
  addRuleWalks: true,
  delRuleWalks: true,
};
