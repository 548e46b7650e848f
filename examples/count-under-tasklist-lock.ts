/**
 * Can a lock stand in for inc_n_rules's smp_wmb()? proposed-fixed without --inc-barrier, but
 * audit_add_rule counts the rule inside its own tasklist_lock critical section before its walk takes
 * the same lock again:
 *
 *   mutex_lock(&audit_filter_mutex);
 *   write_lock_irq(&tasklist_lock); audit_n_rules++; write_unlock_irq(&tasklist_lock);
 *   read_lock(&tasklist_lock); for_each_process_thread(...) set_tsk_thread_flag(t, ...); ...
 *
 * Two critical sections of one lock on one CPU: the unlock is a release and the next acquisition of
 * that lock waits for it, so the count is visible before any flag the walk sets, which is what the
 * smp_wmb() did (the "same lock" row of LKMM's table in issue 9). The built-in code counts under
 * audit_filter_mutex, a different lock, and does need the barrier. So here the write_unlock_irq's
 * ordering is necessary under store-reordering, and on x86 nothing is (the bit operations are locked):
 *
 *   npx audit-check barriers --variant-file examples/count-under-tasklist-lock.ts
 *
 * It reuses the built-in audit_add_rule and only wraps its count. It keeps the knobs that step reads.
 */
import type { VariantDef, VariantKit } from '../src/model/audit/kit.js';
import type { Op } from '../src/model/kernel/program.js';

const isCount = (op: Op) => op.op === 'store';

export default (k: VariantKit): VariantDef => ({
  name: 'count-under-tasklist-lock',
  base: 'proposed-fixed',
  summary: 'proposed-fixed without inc-barrier, audit_add_rule counting the rule under write_lock_irq(&tasklist_lock)',
  knobs: { 'inc-barrier': 'none', 'walk-on-add': 'every-rule' },
  steps: {
    audit_add_rule: (env) => {
      const first = env.steps.length;
      k.steps.auditAddRule(true)(env);
      const lock = env.fields.tasklistLock.id;
      const [add] = env.steps.splice(first, 1);
      const at = add!.body.findIndex(isCount);
      if (add === undefined || at < 0) throw new Error('count-under-tasklist-lock: audit_add_rule has no count to wrap');
      // The count's ghost bookkeeping follows the store; the section closes after the store itself.
      const body = [
        ...add.body.slice(0, at), k.write_lock(lock, 'write_lock_irq'), add.body[at]!,
        k.write_unlock(lock, 'write_unlock_irq'), ...add.body.slice(at + 1),
      ];
      env.steps.splice(first, 0, { ...add, body });
    },
  },
});
