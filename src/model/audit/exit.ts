/**
 * The exit path: the exit check's slow path into __audit_syscall_exit (X1..X4), X5 in the variants
 * that clear the flag, and the return to user mode. Kernel-audit.md §4 A.5-A.7 and §6 X5/X5'.
 */
import type { StateVector } from '../layout.js';
import { at, knob, running, step, type Env } from './env.js';
import { PC, rd, wr, type F, type TaskFields } from './fields.js';

const AUDITSC = 'kernel/auditsc.c';

/** Return to user mode: the next syscall, or done when the bound is used up (then the CPU is freed). */
export function returnToUser(env: Env, t: TaskFields) {
  // Children make no syscalls of their own: their ret_from_fork exit path is where the fork races show.
  const max = t.parent >= 0 ? 0 : env.config.bounds.syscalls;
  return {
    reads: [t.nrSyscalls] as F[],
    writes: [t.pc, t.userMode, t.cpu, t.dummy] as F[],
    apply(s: StateVector, n: Uint32Array): void {
      const done = rd(s, t.nrSyscalls) === max;
      wr(n, t.pc, done ? PC.DONE : PC.USER);
      wr(n, t.userMode, 1);
      if (!done) return;
      if (env.scheduling) wr(n, t.cpu, 0);
      wr(n, t.dummy, 0); // dead from here on: canonical, so finished tasks differ only in what matters
    },
  };
}

/** The exit hook __audit_syscall_exit: X1-X4 (emit, reset), then X5 in the variants that clear the flag. */
export function addExitHook(env: Env, t: TaskFields): void {
  const v = env.variant;
  const { nRules } = env.fields;
  const th = t.index;
  const nm = (s: string) => `${t.label}: ${s}`;
  const ret = returnToUser(env, t);
  // X1..X4 are one step unless a walk can observe the detached context (walk-skips-no-context).
  const split = knob(env, 'walk-skips-no-context') === 'yes';
  const recheck = knob(env, 'exit-clear') === 'recheck';
  const tail = {
    reads: v.exitClearsFlag ? [] : ret.reads,
    writes: v.exitClearsFlag ? [t.pc] : ret.writes,
    apply(s: StateVector, n: Uint32Array) {
      if (v.exitClearsFlag) wr(n, t.pc, PC.X5_A);
      else ret.apply(s, n);
    },
  };

  /** X1..X3: if (in_syscall && current_state == RECORD) audit_log_exit(); then reset the context. */
  const x1x3 = (s: StateVector, n: Uint32Array) => {
    if (rd(s, t.ctx) === 0) return;
    wr(n, t.inSyscall, 0);
    wr(n, t.nameCount, 0);
    wr(n, t.aux, 0);
    wr(n, t.currentState, 0);
  };
  const x1x3Writes = [t.inSyscall, t.nameCount, t.aux, t.currentState];
  // ghost: only an exit hook that began with n_rules == 0 can restore the fast path; n_rules changing
  // resets the witness, so one begun with n_rules != 0 would be reset before it mattered.
  const ghost = (s: StateVector, n: Uint32Array) => { if (rd(s, nRules) === 0) wr(n, t.ghostExit, 1); };

  if (!split) {
    /*
     * The exit check found the flag set (sysret_audit / syscall_trace_leave) and the hook runs: reading
     * the flag is the only shared access; X1..X4 touch only this task's context, so they share the step.
     */
    step(env, {
      name: nm('__audit_syscall_exit'), label: '__audit_syscall_exit', source: AUDITSC, thread: th,
      guard: [...at(t), t.flag], reads: [t.ctx, nRules, ...tail.reads],
      writes: [t.pc, ...x1x3Writes, t.ghostExit, ...tail.writes],
      enabled: (s) => running(s, t, PC.SYSRET) && rd(s, t.flag) === 1,
      apply(s, n) {
        ghost(s, n);
        x1x3(s, n);
        tail.apply(s, n);
      },
    });
  } else {
    // A walk that skips tasks without a context can see the detach: the flag read, X1 (detach, with
    // X2..X3) and X4 (reattach) are three steps.
    step(env, {
      name: nm('__audit_syscall_exit'), label: '__audit_syscall_exit', source: AUDITSC, thread: th,
      guard: [...at(t), t.flag], reads: [nRules], writes: [t.pc, t.ghostExit],
      enabled: (s) => running(s, t, PC.SYSRET) && rd(s, t.flag) === 1,
      apply(s, n) {
        ghost(s, n);
        wr(n, t.pc, PC.EXIT_HOOK);
      },
    });
    step(env, {
      name: nm('__audit_syscall_exit:audit_get_context'), label: '__audit_syscall_exit', source: AUDITSC, thread: th,
      guard: at(t), reads: [t.ctx], writes: [t.pc, t.ctx, ...x1x3Writes],
      enabled: (s) => running(s, t, PC.EXIT_HOOK),
      apply(s, n) {
        x1x3(s, n);
        wr(n, t.ctx, 0); // tsk->audit_context = NULL
        wr(n, t.pc, PC.EXIT_REATTACH);
      },
    });
    step(env, {
      name: nm('__audit_syscall_exit:reattach'), label: '__audit_syscall_exit', source: AUDITSC, thread: th,
      guard: at(t), reads: tail.reads, writes: [t.ctx, ...tail.writes],
      enabled: (s) => running(s, t, PC.EXIT_REATTACH),
      apply(s, n) {
        wr(n, t.ctx, 1);
        tail.apply(s, n);
      },
    });
  }

  if (!v.exitClearsFlag) return;
  if (!recheck) {
    // X5: if (!audit_n_rules) clear_thread_flag(TIF_SYSCALL_AUDIT): a read, then a clear.
    step(env, {
      name: nm('__audit_syscall_exit:audit_n_rules'), label: '__audit_syscall_exit', source: AUDITSC, thread: th,
      guard: at(t), reads: [nRules, ...ret.reads], writes: [t.pc, ...ret.writes],
      enabled: (s) => running(s, t, PC.X5_A),
      apply(s, n) {
        if (rd(s, nRules) === 0) wr(n, t.pc, PC.X5_B);
        else ret.apply(s, n);
      },
    });
    step(env, {
      name: nm('clear_thread_flag'), label: 'clear_thread_flag', source: AUDITSC, thread: th,
      guard: at(t), reads: ret.reads, writes: [t.flag, ...ret.writes],
      enabled: (s) => running(s, t, PC.X5_B),
      apply(s, n) {
        wr(n, t.flag, 0);
        ret.apply(s, n);
      },
    });
  } else {
    // X5': clear_thread_flag(); smp_mb(); if (audit_n_rules) set_thread_flag().
    step(env, {
      name: nm('clear_thread_flag'), label: 'clear_thread_flag', source: AUDITSC, thread: th,
      guard: at(t), reads: [], writes: [t.pc, t.flag],
      enabled: (s) => running(s, t, PC.X5_A),
      apply(_s, n) {
        wr(n, t.flag, 0);
        wr(n, t.pc, PC.X5_B);
      },
    });
    step(env, {
      // One step: the set commutes with the walks' sets, and only this task clears its flag.
      name: nm('__audit_syscall_exit:recheck'), label: '__audit_syscall_exit', source: AUDITSC, thread: th,
      guard: at(t), reads: [nRules, ...ret.reads], writes: [t.flag, ...ret.writes],
      enabled: (s) => running(s, t, PC.X5_B),
      apply(s, n) {
        if (rd(s, nRules) !== 0) wr(n, t.flag, 1);
        ret.apply(s, n);
      },
    });
  }
}
