/**
 * copy_process (kernel/fork.c) in the forker's first syscall (clone): dup_task_struct + audit_alloc,
 * a long window (copy_mm... may sleep), then attach under write_lock_irq(&tasklist_lock) and
 * wake_up_new_task. The child starts at the exit check (ret_from_fork) with in_syscall == 0.
 */
import { at, knob, running, step, type Env } from './env.js';
import { ADMIN, PC, rd, wr, type F, type TaskFields } from './fields.js';

export function addForkSteps(env: Env, p: TaskFields): void {
  const v = env.variant;
  const { nRules, adminPc } = env.fields;
  const c = env.fields.tasks[p.child]!;
  const th = p.index;
  const nm = (s: string) => `${p.label}: ${s}`;
  const late = knob(env, 'fork-read') === 'late';
  const readsEarly = v.auditAllocFlag === 'from-n_rules' && !late;
  // Walks under read_lock(&tasklist_lock) exclude the attach (a writer) for the whole walk.
  const walkExcludes = (v.addRuleWalks || v.delRuleWalks) && knob(env, 'walk-lock') === 'tasklist';
  const lateUnderLock = late && walkExcludes;
  const walking = (s: Parameters<typeof rd>[0]) => {
    const a = rd(s, adminPc);
    return a === ADMIN.WALK_SET || a === ADMIN.WALK_CLEAR;
  };
  const childFresh: F[] = [c.pc, c.ctx, c.flag, c.inSyscall, c.dummy, c.nameCount, c.aux, c.currentState,
    c.userMode, c.nrSyscalls, c.onTasklist];

  step(env, {
    name: nm('copy_process:audit_alloc'), label: 'audit_alloc', source: 'kernel/auditsc.c', thread: th,
    guard: [...at(p), p.nrSyscalls],
    reads: v.auditAllocFlag === 'set' ? [] : readsEarly ? [nRules] : [p.flag],
    writes: [p.pc, ...childFresh],
    enabled: (s) => running(s, p, PC.BODY) && rd(s, p.nrSyscalls) === 1,
    apply(s, n) {
      // dup_task_struct copies the parent's flags word; audit_alloc allocates a zeroed context.
      for (const f of childFresh) wr(n, f, 0);
      wr(n, c.pc, PC.EMBRYO);
      wr(n, c.ctx, 1);
      let flag: number;
      if (v.auditAllocFlag === 'set') flag = 1; // set_tsk_thread_flag(tsk, TIF_SYSCALL_AUDIT)
      else if (readsEarly) flag = rd(s, nRules) !== 0 ? 1 : 0;
      else flag = rd(s, p.flag); // fork-read=late: inherited for now, fixed at attach
      wr(n, c.flag, flag);
      wr(n, p.pc, PC.FORK_ATTACH);
    },
  });

  const wake = (n: Uint32Array) => {
    wr(n, c.pc, PC.SYSRET); // wake_up_new_task: ret_from_fork -> the exit check
    wr(n, p.pc, PC.SYSRET);
  };
  step(env, {
    name: nm('copy_process:attach'), label: 'copy_process:attach', source: 'kernel/fork.c', thread: th,
    guard: walkExcludes ? [...at(p), adminPc] : at(p),
    reads: lateUnderLock ? [nRules] : [],
    writes: late && !lateUnderLock ? [c.onTasklist, p.pc] : [c.onTasklist, c.pc, p.pc, ...(late ? [c.flag] : [])],
    enabled: (s) => running(s, p, PC.FORK_ATTACH) && !(walkExcludes && walking(s)),
    apply(s, n) {
      wr(n, c.onTasklist, 1); // list_add_tail_rcu(&p->tasks, &init_task.tasks)
      if (!late) return wake(n);
      if (lateUnderLock) {
        // The write lock excludes every walk, so reading n_rules and writing the flag here is atomic.
        wr(n, c.flag, rd(s, nRules) !== 0 ? 1 : 0);
        return wake(n);
      }
      wr(n, p.pc, PC.FORK_LATE);
    },
  });

  if (late && !lateUnderLock) {
    // Under RCU walks nothing orders the child's read of n_rules and its flag write against a walk's
    // set_tsk_thread_flag: the read and the write are separate steps (the write may be a clear).
    step(env, {
      name: nm('copy_process:audit_n_rules'), label: 'copy_process:attach', source: 'kernel/fork.c', thread: th,
      guard: at(p), reads: [nRules], writes: [p.pc],
      enabled: (s) => running(s, p, PC.FORK_LATE),
      apply: (s, n) => wr(n, p.pc, rd(s, nRules) !== 0 ? PC.FORK_LATE_SET : PC.FORK_LATE_CLEAR),
    });
    for (const [pc, label, value] of [[PC.FORK_LATE_SET, 'set_tsk_thread_flag', 1], [PC.FORK_LATE_CLEAR, 'clear_tsk_thread_flag', 0]] as const) {
      step(env, {
        name: nm(`copy_process:${label}`), label, source: 'kernel/fork.c', thread: th,
        guard: at(p), reads: [], writes: [c.flag, c.pc, p.pc],
        enabled: (s) => running(s, p, pc),
        apply(_s, n) {
          wr(n, c.flag, value);
          wake(n);
        },
      });
    }
  }
}
