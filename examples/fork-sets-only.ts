/**
 * A repair of proposed-fixed's fork for RCU walks: copy_process reads audit_n_rules after attaching the
 * child and only ever *sets* its flag. proposed-fixed writes the flag either way, so under
 * rcu_read_lock() walks its late clear can undo a walk's set; here the flag stays what
 * dup_task_struct copied from the parent unless a rule is counted.
 *
 *   npx audit-check check --variant-file examples/fork-sets-only.ts --walk-lock rcu
 *
 * Under the default tasklist_lock walks the attach, the read and the set are one step, since a walk
 * that has to wait for tasklist_lock cannot tell them apart (and could not wait mid-step).
 *
 * The file imports nothing from audit-check at run time: the kit (kernel primitives, step helpers,
 * built-in steps) is passed in. The type import is for editors and is erased.
 */
import type { VariantDef, VariantKit } from '../src/model/audit/kit.js';

export default (k: VariantKit): VariantDef => ({
  name: 'fork-sets-only',
  base: 'proposed-fixed',
  summary: "proposed-fixed with copy_process only setting the child's flag after the attach (safe under RCU walks)",
  steps: {
    copy_process: k.steps.copyProcess(k.steps.allocInherits, (env, p, c) => {
      const { tasklistLock, nRules } = env.fields;
      const unlock = [k.write_unlock(tasklistLock.id, 'write_unlock_irq'), ...k.steps.wakeUpNewTask(p, c)];
      const attach = [k.write_lock(tasklistLock.id, 'write_lock_irq'), k.smp_store_release(c.onTasklist.id, 1)];
      if (k.knob(env, 'walk-lock') !== 'rcu') {
        // Walks under read_lock(&tasklist_lock) cannot run while the attach holds the write lock, so
        // nothing can tell the attach, the read and the set apart: one step, as proposed-fixed's.
        k.taskStep(env, p, {
          name: 'copy_process:attach', func: 'copy_process', file: 'kernel/fork.c', when: k.at(p, k.PC.FORK_ATTACH),
          body: [...attach, k.if_(k.READ_ONCE(nRules.id), [k.set_tsk_thread_flag(c.flag.id)]), ...unlock],
        });
        return;
      }
      k.taskStep(env, p, {
        // write_lock_irq(&tasklist_lock); list_add_tail_rcu(&p->tasks, &init_task.tasks);
        name: 'copy_process:attach', func: 'copy_process', file: 'kernel/fork.c', when: k.at(p, k.PC.FORK_ATTACH),
        body: [...attach, k.set(p.pc.id, k.PC.FORK_LATE)],
      });
      k.taskStep(env, p, {
        // if (audit_n_rules) set_tsk_thread_flag(p, TIF_SYSCALL_AUDIT);
        name: 'copy_process:audit_n_rules', func: 'copy_process', file: 'kernel/fork.c', when: k.at(p, k.PC.FORK_LATE),
        body: [k.if_(k.READ_ONCE(nRules.id), [k.set(p.pc.id, k.PC.FORK_LATE_SET)], unlock)],
      });
      k.taskStep(env, p, {
        name: 'copy_process:set_tsk_thread_flag', func: 'set_tsk_thread_flag', file: 'kernel/fork.c', when: k.at(p, k.PC.FORK_LATE_SET),
        body: [k.set_tsk_thread_flag(c.flag.id), ...unlock],
      });
    }),
  },
});
