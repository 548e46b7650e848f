/**
 * The invariants of kernel-audit.md §8 as state predicates over the audit model. Each reads as few
 * fields as it can: partial-order reduction treats every step writing one of them as visible.
 * "User mode" is `Tn.user_mode`: set by the return to user mode, cleared by the entry check.
 */
import type { StateVector } from '../model/layout.js';
import type { AuditModel } from '../model/audit/index.js';
import { ADMIN, rd, type F, type TaskFields } from '../model/audit/fields.js';
import type { Invariant } from './invariant.js';

/** Names and one-line meanings, in check order (static: for `list` and CLI validation). */
export const INVARIANTS: readonly { readonly name: string; readonly summary: string }[] = [
  { name: 'no-entry-bug', summary: '__audit_syscall_entry never hits BUG_ON(context->in_syscall || context->name_count)' },
  { name: 'exit-pairing', summary: 'a task with an audit_context returns to user mode with in_syscall == 0 (every entry hook met its exit hook)' },
  { name: 'pending-implies-flag', summary: 'a due syscall record (current_state == RECORD) implies TIF_SYSCALL_AUDIT, and is emitted before user mode' },
  { name: 'bounded-pending', summary: 'a task with an audit_context returns to user mode with no names or aux entries left (nothing grows unboundedly)' },
  { name: 'rule-coverage', summary: 'with audit_n_rules > 0 and no rule change in progress, every listed task with a context in user mode has TIF_SYSCALL_AUDIT' },
  { name: 'fast-path-after-one-exit', summary: 'with audit_n_rules == 0 and no rule change in progress, a task back in user mode after an exit hook that began since the last change has TIF_SYSCALL_AUDIT clear' },
];

const summary = (name: string): string => INVARIANTS.find((i) => i.name === name)!.summary;

function inv(name: string, fields: readonly F[], holds: (s: StateVector) => boolean, antecedent?: (s: StateVector) => boolean): Invariant {
  return { name, summary: summary(name), reads: [...new Set(fields.map((f) => f.id))], holds, ...(antecedent === undefined ? {} : { antecedent }) };
}

/**
 * The invariants for `model`, in the order of {@link INVARIANTS}. Under a weak memory model each is
 * evaluated on the states whose store buffers are empty, as herd7 evaluates `exists` on final states:
 * every state reaches such a state by making its pending stores visible (no program counter moves),
 * so what the tasks will see once the stores land is always checked, and a state in which a pending
 * store would still change a flag is not taken for what the kernel sees.
 */
export function auditInvariants(model: AuditModel): readonly Invariant[] {
  const all = stateInvariants(model);
  if (model.memoryModel === 'sc') return all;
  const sys = model.system;
  const buffers = sys.allBufferFields();
  return all.map((i) => ({ ...i, reads: [...i.reads, ...buffers], holds: (s: StateVector) => !sys.drained(s) || i.holds(s) }));
}

function stateInvariants(model: AuditModel): readonly Invariant[] {
  const { tasks, nRules, adminPc } = model.fields;
  const each = (fs: (t: TaskFields) => F[]) => tasks.flatMap(fs);
  const forAll = (p: (s: StateVector, t: TaskFields) => boolean) => (s: StateVector) => tasks.every((t) => p(s, t));
  const forSome = (p: (s: StateVector, t: TaskFields) => boolean) => (s: StateVector) => tasks.some((t) => p(s, t));
  const userWithCtx = (s: StateVector, t: TaskFields) => rd(s, t.userMode) === 1 && rd(s, t.ctx) === 1;
  const quiescent = (s: StateVector) => {
    const a = rd(s, adminPc);
    return a === ADMIN.IDLE || a === ADMIN.DONE;
  };
  return [
    // I1: the BUG_ON fired (the entry hook marks the oops in Tn.BUG).
    inv('no-entry-bug', each((t) => [t.bug]), forAll((s, t) => rd(s, t.bug) === 0)),
    // I2: at every return to user mode, in_syscall == 0.
    inv('exit-pairing', each((t) => [t.userMode, t.ctx, t.inSyscall]),
      forAll((s, t) => !userWithCtx(s, t) || rd(s, t.inSyscall) === 0), forSome(userWithCtx)),
    // I3: pending => flag, always; and nothing pending in user mode.
    inv('pending-implies-flag', each((t) => [t.ctx, t.currentState, t.flag, t.userMode]),
      forAll((s, t) => rd(s, t.ctx) === 0 || rd(s, t.currentState) === 0 ||
        (rd(s, t.flag) === 1 && rd(s, t.userMode) === 0)),
      forSome((s, t) => rd(s, t.ctx) === 1 && rd(s, t.currentState) !== 0)),
    // I4: at every return to user mode, no names and no aux entries are left on the context.
    inv('bounded-pending', each((t) => [t.userMode, t.ctx, t.nameCount, t.aux]),
      forAll((s, t) => !userWithCtx(s, t) || (rd(s, t.nameCount) === 0 && rd(s, t.aux) === 0)), forSome(userWithCtx)),
    // I5: no missed audit: the next syscall of any eligible listed task will take the slow path.
    inv('rule-coverage', [nRules, adminPc, ...each((t) => [t.onTasklist, t.ctx, t.userMode, t.flag])],
      (s) => rd(s, nRules) === 0 || !quiescent(s) ||
        tasks.every((t) => rd(s, t.onTasklist) === 0 || !userWithCtx(s, t) || rd(s, t.flag) === 1),
      (s) => rd(s, nRules) !== 0 && quiescent(s) && tasks.some((t) => rd(s, t.onTasklist) === 1 && userWithCtx(s, t))),
    // I6, bounded safety form of "the fast path comes back": one exit hook per task suffices.
    inv('fast-path-after-one-exit', [nRules, adminPc, ...each((t) => [t.ghostExit, t.userMode, t.flag])],
      (s) => rd(s, nRules) !== 0 || !quiescent(s) ||
        tasks.every((t) => rd(s, t.ghostExit) === 0 || rd(s, t.userMode) === 0 || rd(s, t.flag) === 0),
      (s) => rd(s, nRules) === 0 && quiescent(s) && tasks.some((t) => rd(s, t.ghostExit) === 1 && rd(s, t.userMode) === 1)),
  ];
}
