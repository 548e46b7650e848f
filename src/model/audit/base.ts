/**
 * The steps every variant shares: a task's syscall (entry flag check, entry hook, one body event, exit
 * flag check, exit hook) and copy_process. Variant differences are read from `env.variant` and knobs at
 * construction time, never in the hot loop. Each step is one atomic action of the task on its CPU; each
 * touches at most one field another actor also touches (kernel-audit.md §9 granularity), except where
 * the comment says why merging is verdict-preserving.
 */
import type { StateVector } from '../layout.js';
import { at, knob, running, step, type Env } from './env.js';
import { PC, rd, wr, type F, type TaskFields } from './fields.js';
import { addExitHook, returnToUser } from './exit.js';
import { addForkSteps } from './fork.js';

const AUDITSC = 'kernel/auditsc.c';

/** `__audit_start_record` on the task itself (proposed): fresh syscall record unless one is open; sets the flag. */
export function startRecord(env: Env, t: TaskFields) {
  const { nRules } = env.fields;
  return {
    reads: [t.ctx, t.inSyscall, nRules] as F[],
    writes: [t.dummy, t.inSyscall, t.currentState, t.flag] as F[],
    /*
     * One step although it reads audit_n_rules and writes the flag: the only other writers of this
     * flag are walks that *set* it (set/set commute) and the task's own exit hook, so no interleaving
     * between the read and the set_thread_flag() can change a verdict.
     */
    apply(s: StateVector, n: Uint32Array): void {
      if (rd(s, t.ctx) === 0) return;
      if (rd(s, t.inSyscall) === 0) {
        wr(n, t.dummy, rd(s, nRules) === 0 ? 1 : 0);
        wr(n, t.inSyscall, 1);
        wr(n, t.currentState, 0);
      }
      wr(n, t.flag, 1);
    },
  };
}

export function addTaskSteps(env: Env, t: TaskFields): void {
  const v = env.variant;
  const { nRules } = env.fields;
  const seccomp = knob(env, 'other-entry-work') === 'seccomp';
  const th = t.index;
  const nm = (s: string) => `${t.label}: ${s}`;
  const maxCount = (f: F, s: StateVector) => Math.min(f.mask, rd(s, f) + 1);

  // A.1: the entry check reads the flags word once (IRQs on); SECCOMP forces the slow path too.
  step(env, {
    name: nm(v.entryCheck), label: v.entryCheck, source: v.entrySource, thread: th,
    guard: at(t), reads: [t.flag, t.nrSyscalls], writes: [t.pc, t.nrSyscalls, t.userMode],
    enabled: (s) => running(s, t, PC.USER),
    apply(s, n) {
      wr(n, t.nrSyscalls, rd(s, t.nrSyscalls) + 1);
      wr(n, t.userMode, 0);
      wr(n, t.pc, seccomp || rd(s, t.flag) === 1 ? PC.ENTRY : PC.BODY);
    },
  });

  if (v.entryHook === '__audit_syscall_entry') {
    // A.2: task-local context work plus one read of audit_n_rules: one step (§9).
    step(env, {
      name: nm('__audit_syscall_entry'), label: '__audit_syscall_entry', source: AUDITSC, thread: th,
      guard: at(t), reads: [t.ctx, t.inSyscall, t.nameCount, nRules],
      writes: [t.pc, t.bug, t.cpu, t.dummy, t.inSyscall, t.currentState, t.ctx, t.nameCount, t.aux],
      enabled: (s) => running(s, t, PC.ENTRY),
      // The fields the oops clears would otherwise read as if the entry hook cleared them.
      note: (s, n) =>
        rd(s, t.bug) === 0 && rd(n, t.bug) === 1
          ? 'BUG_ON: the oops ran do_exit, which freed the context'
          : undefined,
      apply(s, n) {
        if (rd(s, t.ctx) === 1) {
          if (rd(s, t.inSyscall) === 1 || rd(s, t.nameCount) !== 0) {
            // BUG_ON(context->in_syscall || context->name_count): the task oopses; do_exit ->
            // audit_free frees the context (emitting what was pending). Not modelled further.
            wr(n, t.bug, 1);
            for (const f of [t.ctx, t.inSyscall, t.nameCount, t.aux, t.currentState, t.dummy]) wr(n, f, 0);
            wr(n, t.pc, PC.DEAD);
            if (env.scheduling) wr(n, t.cpu, 0);
            return;
          }
          wr(n, t.dummy, rd(s, nRules) === 0 ? 1 : 0);
          wr(n, t.inSyscall, 1);
          wr(n, t.currentState, 0);
        }
        wr(n, t.pc, PC.BODY);
      },
    });
  } else {
    const sr = startRecord(env, t);
    step(env, {
      name: nm('__audit_start_record'), label: '__audit_start_record', source: AUDITSC, thread: th,
      guard: at(t), reads: sr.reads, writes: [t.pc, ...sr.writes],
      enabled: (s) => running(s, t, PC.ENTRY),
      apply(s, n) {
        sr.apply(s, n);
        wr(n, t.pc, PC.BODY);
      },
    });
  }

  // A.4 BODY: exactly one audit-relevant event per syscall (the forker's first syscall is clone instead).
  const forker = t.child >= 0;
  const bodyGuard = forker ? [...at(t), t.nrSyscalls] : at(t);
  const inBody = (s: StateVector) => running(s, t, PC.BODY) && !(forker && rd(s, t.nrSyscalls) === 1);
  const sr = startRecord(env, t);
  const bprmStarts = knob(env, 'bprm-fcaps-starts-record') === 'yes';

  step(env, {
    name: nm('getname'), label: '__audit_getname', source: AUDITSC, thread: th,
    guard: bodyGuard, reads: [t.ctx, t.dummy, t.inSyscall, t.nameCount], writes: [t.pc, t.nameCount],
    enabled: inBody,
    apply(s, n) {
      if (rd(s, t.ctx) === 1 && rd(s, t.dummy) === 0 && rd(s, t.inSyscall) === 1) {
        wr(n, t.nameCount, maxCount(t.nameCount, s));
      }
      wr(n, t.pc, PC.SYSRET);
    },
  });

  // An AVC: audit_log_start -> auditsc_get_stamp marks the syscall record due (current_state = RECORD).
  const avcStart = v.recordStartsRecord;
  step(env, {
    name: nm('audit_log_start (AVC)'), label: 'audit_log_start', source: 'kernel/audit.c', thread: th,
    guard: bodyGuard, reads: [t.ctx, t.inSyscall, ...(avcStart ? sr.reads : [])],
    writes: [t.pc, t.currentState, ...(avcStart ? sr.writes : [])],
    enabled: inBody,
    apply(s, n) {
      if (avcStart) sr.apply(s, n);
      if (rd(n, t.ctx) === 1 && rd(n, t.inSyscall) === 1) wr(n, t.currentState, 1);
      wr(n, t.pc, PC.SYSRET);
    },
  });

  // execve of a setuid binary: the aux entry is appended without any in_syscall test.
  step(env, {
    name: nm('__audit_log_bprm_fcaps'), label: '__audit_log_bprm_fcaps', source: AUDITSC, thread: th,
    guard: bodyGuard, reads: [t.ctx, t.dummy, t.aux, ...(bprmStarts ? sr.reads : [])],
    writes: [t.pc, t.aux, ...(bprmStarts ? sr.writes : [])],
    enabled: inBody,
    apply(s, n) {
      if (bprmStarts) sr.apply(s, n);
      if (rd(n, t.ctx) === 1 && rd(n, t.dummy) === 0) wr(n, t.aux, maxCount(t.aux, s));
      wr(n, t.pc, PC.SYSRET);
    },
  });

  if (forker) addForkSteps(env, t);

  // A.5: the exit check reads the flags word again (IRQs off); SECCOMP is not in the exit masks.
  // Flag clear: straight back to user mode. Flag set: __audit_syscall_exit (next function).
  const ret = returnToUser(env, t);
  step(env, {
    name: nm(v.exitCheck), label: v.exitCheck, source: v.entrySource, thread: th,
    guard: [...at(t), t.flag], reads: ret.reads, writes: ret.writes,
    enabled: (s) => running(s, t, PC.SYSRET) && rd(s, t.flag) === 0,
    apply: ret.apply,
  });

  addExitHook(env, t);
}
