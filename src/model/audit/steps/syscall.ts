/**
 * A task's syscall up to its exit check: the entry check on the flags word, the slow-path entry hook,
 * and one audit-relevant event in the body. Each builder is one replaceable step of the variant table.
 */
import {
  READ_ONCE, and, eq, field, if_, min, ne, not, or, peek, plain_read, plain_write, plus, set,
  set_thread_flag, smp_mb, type Expr, type Op,
} from '../../kernel/program.js';
import { at, knob, taskStep, type Env } from '../env.js';
import { PC, rd, type F, type TaskFields } from '../fields.js';
import { UNBOUNDED } from '../config.js';

const AUDITSC = 'kernel/auditsc.c';
const f = (x: F) => field(x.id);

/** `system_call`: the entry check reads the flags word once (IRQs on); TIF_SECCOMP forces the slow path too. */
export function systemCall(env: Env, t: TaskFields): void {
  const { entryCheck, entryFile } = env.variant.labels;
  const seccomp = knob(env, 'other-entry-work') === 'seccomp';
  taskStep(env, t, {
    func: entryCheck, file: entryFile, when: at(t, PC.USER),
    body: [
      ...countSyscall(env, t),
      set(t.userMode.id, 0),
      if_(or(seccomp, READ_ONCE(t.flag.id)), [set(t.pc.id, PC.ENTRY)], [set(t.pc.id, PC.BODY)]),
    ],
  });
}

/**
 * nr_syscalls: counts up to the task's bound; unbounded, only a forker whose clone() must be its
 * first syscall counts, and only as far as "more than one" (2).
 */
function countSyscall(env: Env, t: TaskFields): Op[] {
  if (t.maxSyscalls !== UNBOUNDED) return [set(t.nrSyscalls.id, plus(f(t.nrSyscalls), 1))];
  return forksInFirstSyscall(env, t) ? [set(t.nrSyscalls.id, min(plus(f(t.nrSyscalls), 1), 2))] : [];
}

/** The task forks, and only in its first syscall (knob fork-in). */
export function forksInFirstSyscall(env: Env, t: TaskFields): boolean {
  return t.child >= 0 && knob(env, 'fork-in') === 'first-syscall';
}

/** Resets what the oops leaves: do_exit -> audit_free frees the context (emitting what was pending). */
function oops(env: Env, t: TaskFields): Op[] {
  return [
    set(t.bug.id, 1),
    ...[t.inSyscall, t.nameCount, t.aux, t.currentState, t.dummy].map((x) => set(x.id, 0)),
    plain_write(t.ctx.id, 0),
    set(t.pc.id, PC.DEAD),
    // do_exit ends in schedule(), a full barrier, and the CPU goes to someone else.
    ...(env.scheduling ? [smp_mb('do_exit()'), set(t.cpu.id, 0)] : []),
  ];
}

/** `__audit_syscall_entry` (mainline): BUG_ON(in_syscall || name_count); dummy = !audit_n_rules. */
export function auditSyscallEntry(env: Env, t: TaskFields): void {
  const { nRules } = env.fields;
  taskStep(env, t, {
    func: '__audit_syscall_entry', file: AUDITSC, when: at(t, PC.ENTRY),
    // The fields the oops clears would otherwise read as if the entry hook cleared them.
    note: (s, n) => (rd(s, t.bug) === 0 && rd(n, t.bug) === 1 ? 'BUG_ON: the oops ran do_exit, which freed the context' : undefined),
    body: [
      if_(plain_read(t.ctx.id), [
        if_(or(f(t.inSyscall), ne(f(t.nameCount), 0)), oops(env, t), [
          set(t.dummy.id, not(READ_ONCE(nRules.id))),
          set(t.inSyscall.id, 1),
          set(t.currentState.id, 0),
          set(t.pc.id, PC.BODY),
        ]),
      ], [set(t.pc.id, PC.BODY)]),
    ],
  });
}

/**
 * `__audit_start_record` on the task itself (the proposal): a fresh syscall record unless one is open,
 * then set_thread_flag(TIF_SYSCALL_AUDIT). No BUG when already in_syscall.
 */
export function startRecord(env: Env, t: TaskFields): Op[] {
  return [
    if_(plain_read(t.ctx.id), [
      if_(not(f(t.inSyscall)), [
        set(t.dummy.id, not(READ_ONCE(env.fields.nRules.id))),
        set(t.inSyscall.id, 1),
        set(t.currentState.id, 0),
      ]),
      set_thread_flag(t.flag.id),
    ]),
  ];
}

export function auditStartRecord(env: Env, t: TaskFields): void {
  taskStep(env, t, {
    func: '__audit_start_record', file: AUDITSC, when: at(t, PC.ENTRY),
    body: [...startRecord(env, t), set(t.pc.id, PC.BODY)],
  });
}

/** The body may run one event: not the forker's clone() syscall, when that is its first. */
export function inBody(env: Env, t: TaskFields): Expr {
  if (!forksInFirstSyscall(env, t)) return at(t, PC.BODY);
  return and(at(t, PC.BODY), ne(f(t.nrSyscalls), 1));
}

const bump = (x: F) => set(x.id, min(plus(field(x.id), 1), x.mask));

export function getname(env: Env, t: TaskFields): void {
  taskStep(env, t, {
    name: 'getname', func: '__audit_getname', file: AUDITSC, when: inBody(env, t),
    body: [
      if_(and(plain_read(t.ctx.id), not(f(t.dummy)), f(t.inSyscall)), [bump(t.nameCount)]),
      set(t.pc.id, PC.SYSRET),
    ],
  });
}

/** An AVC: audit_log_start -> auditsc_get_stamp marks the syscall record due (current_state = RECORD). */
export function auditLogStart(starts: boolean) {
  return (env: Env, t: TaskFields): void => {
    taskStep(env, t, {
      name: 'audit_log_start (AVC)', func: 'audit_log_start', file: 'kernel/audit.c', when: inBody(env, t),
      body: [
        ...(starts ? startRecord(env, t) : []),
        if_(and(plain_read(t.ctx.id), f(t.inSyscall)), [set(t.currentState.id, 1)]),
        set(t.pc.id, PC.SYSRET),
      ],
    });
  };
}

/** execve of a setuid binary: the aux entry is appended without any in_syscall test. */
export function bprmFcaps(starts: boolean) {
  return (env: Env, t: TaskFields): void => {
    taskStep(env, t, {
      func: '__audit_log_bprm_fcaps', file: AUDITSC, when: inBody(env, t),
      body: [
        ...(starts ? startRecord(env, t) : []),
        if_(and(plain_read(t.ctx.id), not(f(t.dummy))), [bump(t.aux)]),
        set(t.pc.id, PC.SYSRET),
      ],
    });
  };
}

/** Whether the child slot of forker `t` is still free (copy_process has not run). */
export const childUnborn = (env: Env, t: TaskFields): Expr => eq(peek(env.fields.tasks[t.child]!.pc.id), PC.NONE);
