/**
 * The exit path: the exit check on the flags word, __audit_syscall_exit (X1 detach and filter, X2 emit,
 * X3 reset, X4 reattach), what the variant does to TIF_SYSCALL_AUDIT at the end, and the return to
 * user mode.
 */
import {
  READ_ONCE, clear_thread_flag, eq, field, if_, peek, plain_read, plain_write, set, set_thread_flag, smp_mb,
  type BarrierPrim, type Op,
} from '../../kernel/program.js';
import { and } from '../../kernel/program.js';
import { at, knob, taskStep, type Env } from '../env.js';
import { PC, type TaskFields } from '../fields.js';
import { UNBOUNDED } from '../config.js';

const AUDITSC = 'kernel/auditsc.c';

/** Return to user mode: the next syscall, or done when the bound is used up (then the CPU is freed). */
export function returnToUser(env: Env, t: TaskFields): Op[] {
  const done = [
    set(t.pc.id, PC.DONE),
    set(t.dummy.id, 0), // dead from here on: canonical, so finished tasks differ only in what matters
    // The CPU goes to someone else through schedule(), a full barrier.
    ...(env.scheduling ? [smp_mb('schedule()'), set(t.cpu.id, 0)] : []),
  ];
  if (t.maxSyscalls === UNBOUNDED) return [set(t.userMode.id, 1), set(t.pc.id, PC.USER)];
  return [
    set(t.userMode.id, 1),
    if_(eq(field(t.nrSyscalls.id), t.maxSyscalls), done, [set(t.pc.id, PC.USER)]),
  ];
}

/** X1..X3: if (in_syscall && current_state == RECORD) audit_log_exit(); then reset the context. */
function emitAndReset(t: TaskFields): Op[] {
  return [
    if_(plain_read(t.ctx.id), [t.inSyscall, t.nameCount, t.aux, t.currentState].map((x) => set(x.id, 0))),
  ];
}

/**
 * Ghost witness for fast-path-after-one-exit: only an exit hook that began with audit_n_rules == 0 can
 * restore the fast path; auditctl resets it whenever the count changes. Not a kernel read.
 */
function witness(env: Env, t: TaskFields): Op {
  return if_(eq(peek(env.fields.nRules.id), 0), [set(t.ghostExit.id, 1)]);
}

/** After X4: the variant's flag tail if it has one, else straight back to user mode. */
function afterHook(env: Env, t: TaskFields): Op[] {
  return env.variant.hasExitTail ? [set(t.pc.id, PC.X5_A)] : returnToUser(env, t);
}

export function syscallExit(env: Env, t: TaskFields): void {
  const { exitCheck, entryFile } = env.variant.labels;
  const flagSet = (v: number) => and(at(t, PC.SYSRET), eq(READ_ONCE(t.flag.id), v));
  // The exit check found the flag clear: straight back to user mode.
  taskStep(env, t, { func: exitCheck, file: entryFile, when: flagSet(0), body: returnToUser(env, t) });
  if (knob(env, 'walk-skips-no-context') !== 'yes') {
    // Flag set (sysret_audit / syscall_trace_leave): reading the flag is the only shared access in
    // the common case; X1..X4 touch only this task's context, so they share the step.
    taskStep(env, t, {
      func: '__audit_syscall_exit', file: AUDITSC, when: flagSet(1),
      body: [witness(env, t), ...emitAndReset(t), ...afterHook(env, t)],
    });
    return;
  }
  // A walk that skips tasks without a context can see the detach: the flag read, X1 (detach, with
  // X2..X3) and X4 (reattach) are three steps.
  taskStep(env, t, {
    func: '__audit_syscall_exit', file: AUDITSC, when: flagSet(1),
    body: [witness(env, t), set(t.pc.id, PC.EXIT_HOOK)],
  });
  taskStep(env, t, {
    name: '__audit_syscall_exit:audit_get_context', func: '__audit_syscall_exit', file: AUDITSC, when: at(t, PC.EXIT_HOOK),
    body: [...emitAndReset(t), plain_write(t.ctx.id, 0), set(t.pc.id, PC.EXIT_REATTACH)],
  });
  taskStep(env, t, {
    name: '__audit_syscall_exit:reattach', func: '__audit_syscall_exit', file: AUDITSC, when: at(t, PC.EXIT_REATTACH),
    body: [plain_write(t.ctx.id, 1), ...afterHook(env, t)],
  });
}

/** Mainline: __audit_syscall_exit leaves TIF_SYSCALL_AUDIT alone. */
export function noExitTail(): void {}

/** The proposal as written: if (!audit_n_rules) clear_thread_flag(TIF_SYSCALL_AUDIT): a read, then a clear. */
export function exitTailPlain(env: Env, t: TaskFields): void {
  taskStep(env, t, {
    name: '__audit_syscall_exit:audit_n_rules', func: '__audit_syscall_exit', file: AUDITSC, when: at(t, PC.X5_A),
    body: [if_(eq(READ_ONCE(env.fields.nRules.id), 0), [set(t.pc.id, PC.X5_B)], returnToUser(env, t))],
  });
  taskStep(env, t, {
    func: 'clear_thread_flag', file: AUDITSC, when: at(t, PC.X5_B),
    body: [clear_thread_flag(t.flag.id), ...returnToUser(env, t)],
  });
}

/** The barrier between the clear and the recheck (knob exit-barrier). */
export function exitBarrier(env: Env): Op[] {
  const b = knob(env, 'exit-barrier') ?? 'smp_mb';
  return b === 'none' ? [] : [{ op: 'barrier', prim: b as BarrierPrim }];
}

/**
 * Clear, then recheck: clear_thread_flag(TIF_SYSCALL_AUDIT); smp_mb(); if (audit_n_rules)
 * set_thread_flag(TIF_SYSCALL_AUDIT). Against inc_n_rules's count-then-walk this is store buffering:
 * either the recheck sees the new count or the walk's set lands after the clear.
 */
export function exitTailRecheck(env: Env, t: TaskFields): void {
  taskStep(env, t, {
    func: 'clear_thread_flag', file: AUDITSC, when: at(t, PC.X5_A),
    body: [clear_thread_flag(t.flag.id), ...exitBarrier(env), set(t.pc.id, PC.X5_B)],
  });
  taskStep(env, t, {
    // One step: the set commutes with the walks' sets, and only this task clears its flag.
    name: '__audit_syscall_exit:recheck', func: '__audit_syscall_exit', file: AUDITSC, when: at(t, PC.X5_B),
    body: [if_(READ_ONCE(env.fields.nRules.id), [set_thread_flag(t.flag.id)]), ...returnToUser(env, t)],
  });
}
