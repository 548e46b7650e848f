/**
 * The smallest repair of `proposed` that makes every invariant hold under sequential consistency.
 * Two changes, both needed (each alone still loses a rule):
 *  - copy_process reads audit_n_rules for the child *after* attaching it, inside the
 *    write_lock_irq(&tasklist_lock) section: a concurrent audit_add_rule has either counted its rule
 *    when the child reads it, or its walk starts after the child is on the list;
 *  - __audit_syscall_exit clears, then rechecks:
 *      clear_thread_flag(TIF_SYSCALL_AUDIT); smp_mb(); if (audit_n_rules) set_thread_flag(TIF_SYSCALL_AUDIT);
 *    against inc_n_rules's count-then-walk, either the recheck sees the new count or the walk's set
 *    lands after the clear. On a weak memory model that needs inc_n_rules to order its count before
 *    the walk's sets too (see proposed-ordered).
 */
import type { VariantDef } from '../variant.js';
import { exitTailRecheck } from '../steps/exit.js';
import { allocInherits, attachThenReadNRules, copyProcess } from '../steps/fork.js';

export const proposedFixed: VariantDef = {
  name: 'proposed-fixed',
  summary: 'the proposal with fork reading n_rules under the tasklist write lock and clear-then-recheck at exit',
  base: 'proposed',
  steps: {
    copy_process: copyProcess(allocInherits, attachThenReadNRules),
    exit_tail: exitTailRecheck,
  },
  knobs: { 'fork-read': 'late', 'exit-clear': 'recheck', 'exit-barrier': 'smp_mb' },
};
