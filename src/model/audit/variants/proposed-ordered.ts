/**
 * proposed-fixed with the barriers a weak memory model needs, and no more. The exit's
 * clear-then-recheck and inc_n_rules's count-then-walk are the store-buffering pattern: each side must
 * order its store (the clear; the count) before its later access (the recheck's load; the walk's set).
 *  - inc_n_rules: smp_wmb() between audit_n_rules++ and each set_tsk_thread_flag of the walk, so the
 *    count is visible before any flag it sets (pairs with the exit's barrier below).
 *  - __audit_syscall_exit: clear_thread_flag(); smp_mb__after_atomic(); the clear is visible before the
 *    recheck reads audit_n_rules (pairs with the smp_wmb() above).
 * With them a recheck that reads 0 saw the count before the increment, so the walk's set of this task
 * comes after the clear. On x86 both are compiler barriers: the bit operations are locked.
 */
import type { VariantDef } from '../variant.js';

export const proposedOrdered: VariantDef = {
  name: 'proposed-ordered',
  summary: 'proposed-fixed with smp_wmb() in inc_n_rules and smp_mb__after_atomic() after the exit clear: holds on weak memory',
  base: 'proposed-fixed',
  knobs: { 'inc-barrier': 'smp_wmb', 'exit-barrier': 'smp_mb__after_atomic' },
};
