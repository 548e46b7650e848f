/**
 * copy_process (kernel/fork.c) in a syscall of the forker: dup_task_struct + audit_alloc, a long window
 * (copy_mm... may sleep), then the attach under write_lock_irq(&tasklist_lock) and wake_up_new_task.
 * The child starts at the exit check (ret_from_fork) with in_syscall == 0.
 */
import {
  READ_ONCE, and, clear_tsk_thread_flag, eq, field, if_, plain_write, set, set_tsk_thread_flag, smp_mb,
  smp_store_release, write_lock, write_unlock, type Op,
} from '../../kernel/program.js';
import { at, knob, taskStep, type Env } from '../env.js';
import { PC, type TaskFields } from '../fields.js';
import { childUnborn, forksInFirstSyscall } from './syscall.js';

const FORK = 'kernel/fork.c';

/** What audit_alloc writes into the child's TIF_SYSCALL_AUDIT (mainline: set with every context). */
export type AllocFlag = (env: Env, c: TaskFields) => Op[];
export const allocSetsFlag: AllocFlag = (_env, c) => [set_tsk_thread_flag(c.flag.id)];
/** audit_alloc reads audit_n_rules for the child, before it is on the task list. */
export const allocReadsNRules: AllocFlag = (env, c) => [
  if_(READ_ONCE(env.fields.nRules.id), [set_tsk_thread_flag(c.flag.id)], [clear_tsk_thread_flag(c.flag.id)]),
];
/** dup_task_struct's copy of the parent's flags word stands until the attach fixes it. */
export const allocInherits = (p: TaskFields): AllocFlag => (_env, c) => [
  if_(READ_ONCE(p.flag.id), [set_tsk_thread_flag(c.flag.id)]),
];

/** What the attach does inside the write-locked section after list_add_tail_rcu. */
export type AttachTail = (env: Env, p: TaskFields, c: TaskFields) => void;

/** copy_process with `alloc` deciding the child's flag and `tail` ending the locked section. */
export function copyProcess(alloc: (p: TaskFields) => AllocFlag, tail: AttachTail) {
  return (env: Env, p: TaskFields): void => {
    if (p.child < 0) return;
    const c = env.fields.tasks[p.child]!;
    const when = forksInFirstSyscall(env, p)
      ? and(at(p, PC.BODY), eq(field(p.nrSyscalls.id), 1))
      : and(at(p, PC.BODY), childUnborn(env, p));
    taskStep(env, p, {
      name: 'copy_process:audit_alloc', func: 'audit_alloc', file: 'kernel/auditsc.c', when,
      body: [
        // dup_task_struct; audit_alloc allocates a zeroed context. The child's slot is all zero.
        ...[c.inSyscall, c.dummy, c.nameCount, c.aux, c.currentState, c.userMode, c.nrSyscalls].map((x) => set(x.id, 0)),
        set(c.pc.id, PC.EMBRYO),
        plain_write(c.ctx.id, 1),
        ...alloc(p)(env, c),
        set(p.pc.id, PC.FORK_ATTACH),
      ],
    });
    tail(env, p, c);
  };
}

/** wake_up_new_task: a full barrier, then the child runs from ret_from_fork into the exit check. */
export function wakeUpNewTask(p: TaskFields, c: TaskFields): Op[] {
  return [smp_mb('wake_up_new_task()'), set(c.pc.id, PC.SYSRET), set(p.pc.id, PC.SYSRET)];
}

const attachOps = (env: Env, c: TaskFields): Op[] => [
  write_lock(env.fields.tasklistLock.id, 'write_lock_irq'),
  smp_store_release(c.onTasklist.id, 1), // list_add_tail_rcu(&p->tasks, &init_task.tasks)
];

/** Mainline: attach, unlock, wake. */
export const attachOnly: AttachTail = (env, p, c) => {
  taskStep(env, p, {
    name: 'copy_process:attach', func: 'copy_process', file: FORK, when: at(p, PC.FORK_ATTACH),
    body: [...attachOps(env, c), write_unlock(env.fields.tasklistLock.id, 'write_unlock_irq'), ...wakeUpNewTask(p, c)],
  });
};

/**
 * The child's flag from audit_n_rules read after the attach, inside the write-locked section:
 *   write_lock_irq(&tasklist_lock); list_add_tail_rcu(...);
 *   if (audit_n_rules) set_tsk_thread_flag(p, TIF_SYSCALL_AUDIT); else clear_tsk_thread_flag(...);
 *   write_unlock_irq(&tasklist_lock);
 * Under read_lock(&tasklist_lock) walks the write lock excludes every other writer of the child's flag,
 * so the section is one step. Under RCU walks nothing orders the read and the write against a walk's
 * set_tsk_thread_flag: attach, read and write are separate steps (the write may clear what a walk set).
 */
export const attachThenReadNRules: AttachTail = (env, p, c) => {
  if (knob(env, 'walk-lock') !== 'rcu') {
    taskStep(env, p, {
      name: 'copy_process:attach', func: 'copy_process', file: FORK, when: at(p, PC.FORK_ATTACH),
      body: [
        ...attachOps(env, c),
        if_(READ_ONCE(env.fields.nRules.id), [set_tsk_thread_flag(c.flag.id)], [clear_tsk_thread_flag(c.flag.id)]),
        write_unlock(env.fields.tasklistLock.id, 'write_unlock_irq'),
        ...wakeUpNewTask(p, c),
      ],
    });
    return;
  }
  const unlock = [write_unlock(env.fields.tasklistLock.id, 'write_unlock_irq'), ...wakeUpNewTask(p, c)];
  taskStep(env, p, {
    name: 'copy_process:attach', func: 'copy_process', file: FORK, when: at(p, PC.FORK_ATTACH),
    body: [...attachOps(env, c), set(p.pc.id, PC.FORK_LATE)],
  });
  taskStep(env, p, {
    name: 'copy_process:audit_n_rules', func: 'copy_process', file: FORK, when: at(p, PC.FORK_LATE),
    body: [if_(READ_ONCE(env.fields.nRules.id), [set(p.pc.id, PC.FORK_LATE_SET)], [set(p.pc.id, PC.FORK_LATE_CLEAR)])],
  });
  taskStep(env, p, {
    name: 'copy_process:set_tsk_thread_flag', func: 'set_tsk_thread_flag', within: 'copy_process', file: FORK, when: at(p, PC.FORK_LATE_SET),
    body: [set_tsk_thread_flag(c.flag.id), ...unlock],
  });
  taskStep(env, p, {
    name: 'copy_process:clear_tsk_thread_flag', func: 'clear_tsk_thread_flag', within: 'copy_process', file: FORK, when: at(p, PC.FORK_LATE_CLEAR),
    body: [clear_tsk_thread_flag(c.flag.id), ...unlock],
  });
};
