/**
 * The audit protocol's liveness properties, stated by their counterexamples (fair cycles; see
 * LivenessProperty in src/checker/property.ts). They mean something only when tasks make syscalls
 * forever (`--syscalls unbounded`): a bounded run ends, and "eventually" would hold vacuously.
 *
 * Fairness: weak fairness for every task thread (a task that can always step eventually does; its
 * CPU hand-overs are its own steps). auditctl is the environment: it may stop changing rules, but not
 * in the middle of a rule operation, holding audit_filter_mutex and perhaps tasklist_lock (each cycle
 * must pass a state where it is between operations). Under a weak memory
 * model every CPU's store buffer also empties infinitely often (each case requires a state with that
 * buffer empty on the cycle): a store is not held back forever.
 */
import type { StateVector } from '../model/layout.js';
import type { CycleCondition, LivenessCase, LivenessProperty } from '../checker/property.js';
import type { AuditModel } from '../model/audit/index.js';
import { UNBOUNDED } from '../model/audit/config.js';
import { ADMIN, PC, rd, type TaskFields } from '../model/audit/fields.js';

/** Names and one-line meanings (static: for `list` and CLI validation). */
export const LIVENESS: readonly { readonly name: string; readonly summary: string }[] = [
  {
    name: 'fast-path-restored',
    summary: 'once no rule exists and auditctl changes nothing more, every task that keeps making syscalls eventually enters them on the fast path (its entry check finds TIF_SYSCALL_AUDIT clear)',
  },
  {
    name: 'slow-path-taken',
    summary: 'while a rule exists, every task with an audit_context that keeps making syscalls eventually enters one on the slow path (TIF_SYSCALL_AUDIT set), so the rule sees it',
  },
];

const summary = (name: string): string => LIVENESS.find((l) => l.name === name)!.summary;

/** Why a liveness property cannot be checked in `model`'s configuration, or undefined when it can. */
export function livenessUnavailable(model: AuditModel): string | undefined {
  return model.config.bounds.syscalls === UNBOUNDED
    ? undefined
    : 'it needs tasks that make syscalls forever (--syscalls unbounded); a bounded run ends, so "eventually" would hold vacuously';
}

/** The liveness properties of `model` in the order of {@link LIVENESS}; none for bounded syscalls. */
export function auditLiveness(model: AuditModel): readonly LivenessProperty[] {
  if (livenessUnavailable(model) !== undefined) return [];
  const { tasks, nRules, adminPc } = model.fields;
  const quiescent = (s: StateVector) => {
    const a = rd(s, adminPc);
    return a === ADMIN.IDLE || a === ADMIN.DONE;
  };
  const fairThreads = tasks.map((t) => t.index);
  const between: CycleCondition = { kind: 'state', label: 'auditctl is between rule operations', holds: quiescent };
  const fairness = [between, ...bufferConditions(model)];
  // Shared objects: cases with the same `never` list are decided in one pass over the graph.
  const noNever: readonly CycleCondition[] = [];
  const fast: LivenessCase[] = tasks.map((t) => ({ label: t.label, infinitelyOften: [slowEntry(model, t), ...fairness], never: noNever }));
  const slow: LivenessCase[] = tasks.map((t) => ({
    label: t.label, infinitelyOften: [entryWithContext(t), ...fairness], never: [slowEntry(model, t)],
  }));
  const caveat = finiteTasks(model);
  const c = caveat === undefined ? {} : { caveat };
  return [
    { kind: 'liveness', name: 'fast-path-restored', summary: summary('fast-path-restored'), within: (s) => rd(s, nRules) === 0 && quiescent(s), cases: fast, fairThreads, ...c },
    { kind: 'liveness', name: 'slow-path-taken', summary: summary('slow-path-taken'), within: (s) => rd(s, nRules) !== 0, cases: slow, fairThreads, ...c },
  ];
}

/**
 * The tasks whose syscalls are bounded (children, unless --child-syscalls unbounded): they do not
 * keep making syscalls, so both properties hold of them vacuously, which a verdict must say. (v2.1's
 * stale child flag, for one, shows only with children that loop.)
 */
function finiteTasks(model: AuditModel): string | undefined {
  const finite = model.fields.tasks.filter((t) => t.maxSyscalls !== UNBOUNDED);
  if (finite.length === 0) return undefined;
  const n = model.config.bounds.childSyscalls;
  return `${finite.map((t) => t.label).join(', ')}: ${finite.length === 1 ? 'it makes' : 'they make'} ${n} syscall${n === 1 ? '' : 's'} (--child-syscalls unbounded to include ${finite.length === 1 ? 'it' : 'them'})`;
}

/** The entry check of `t` runs (t makes a syscall). Only t's own steps move its pc out of user mode. */
const entering = (t: TaskFields, s: StateVector, next: StateVector) => rd(s, t.pc) === PC.USER && rd(next, t.pc) !== PC.USER;

/**
 * `t`'s entry check takes the slow path because of TIF_SYSCALL_AUDIT: it goes to the entry hook
 * (PC.ENTRY is reached only that way). With TIF_SECCOMP every entry is slow, so the flag itself must
 * be set too.
 */
function slowEntry(model: AuditModel, t: TaskFields): CycleCondition {
  const seccomp = model.config.knobs['other-entry-work'] === 'seccomp';
  return {
    kind: 'step', label: `${t.label} enters a syscall on the slow path (TIF_SYSCALL_AUDIT set)`,
    holds: (s, _a, next) => entering(t, s, next) && rd(next, t.pc) === PC.ENTRY && (!seccomp || rd(s, t.flag) === 1),
  };
}

function entryWithContext(t: TaskFields): CycleCondition {
  return {
    kind: 'step', label: `${t.label} makes a syscall with an audit_context`,
    holds: (s, _a, next) => entering(t, s, next) && rd(s, t.ctx) === 1,
  };
}

/** Under a weak memory model: each CPU's store buffer is empty somewhere on the cycle. */
function bufferConditions(model: AuditModel): CycleCondition[] {
  if (model.memoryModel === 'sc') return [];
  const sys = model.system;
  return model.threadNames.map((name, thread) => ({
    kind: 'state', label: `${name}'s store buffer is empty`, holds: (s: StateVector) => sys.bufferEmpty(thread, s),
  }));
}
