/**
 * The packed state of the audit model: field names in the kernel's words, program counters, and fast
 * accessors. One `TaskFields` per task slot (T0.. are alive at start, children follow).
 */
import type { FieldId, Layout, StateVector } from '../layout.js';
import type { FieldDecl } from '../kernel/memory.js';
import { UNBOUNDED, finite, maxRulesOf, type Bound, type Bounds } from './config.js';

/** A field with its packing precomputed, for the hot loop. */
export interface F {
  readonly id: FieldId;
  readonly word: number;
  readonly shift: number;
  readonly mask: number;
  readonly name: string;
}

export function rd(s: StateVector, f: F): number {
  return (s[f.word]! >>> f.shift) & f.mask;
}

export function wr(n: Uint32Array, f: F, v: number): void {
  if (v > f.mask || v < 0) throw new RangeError(`field ${f.name}: value ${v} does not fit`);
  n[f.word] = ((n[f.word]! & ~(f.mask << f.shift)) | (v << f.shift)) >>> 0;
}

/** Where a task is in its life; the values are model-internal, traces show the step names. */
export const PC = {
  /** A child slot before copy_process created it. */
  NONE: 0,
  /** A child between audit_alloc and attach: exists, invisible to walks, not runnable. */
  EMBRYO: 1,
  /** In user mode, about to make its next syscall (system_call reads the flags word). */
  USER: 2,
  /** The entry check took the slow path: __audit_syscall_entry / __audit_start_record is next. */
  ENTRY: 3,
  /** In the syscall body: one audit-relevant event, or copy_process for the forker's clone. */
  BODY: 4,
  /** clone(): between audit_alloc(child) and attaching the child (copy_mm... may sleep). */
  FORK_ATTACH: 5,
  /** clone(), fork-read=late under RCU walks: child attached, audit_n_rules not yet read. */
  FORK_LATE: 6,
  /** Before the exit check reads the flags word (the syscall may have blocked here). */
  SYSRET: 7,
  /** walk-skips-no-context=yes: the exit check found the flag set; X1 (detach the context) is next. */
  EXIT_HOOK: 8,
  /** __audit_syscall_exit detached the context (X1..X3 done); X4 reattaches it. */
  EXIT_REATTACH: 9,
  /** Flag-clearing tail of __audit_syscall_exit (variants that clear): first step. */
  X5_A: 10,
  /** Flag-clearing tail of __audit_syscall_exit: second step. */
  X5_B: 11,
  /** Made all its syscalls (stays in user mode). */
  DONE: 12,
  /** BUG_ON in __audit_syscall_entry fired: the task oopsed. */
  DEAD: 13,
  /** clone(), fork-read=late under RCU walks: read n_rules == 0, will clear the child's flag. */
  FORK_LATE_CLEAR: 14,
  /** clone(), fork-read=late under RCU walks: read n_rules != 0, will set the child's flag. */
  FORK_LATE_SET: 15,
} as const;

/** auditctl's program counter. */
export const ADMIN = { IDLE: 0, WALK_SET: 1, WALK_CLEAR: 2, DONE: 3 } as const;

export interface TaskFields {
  readonly index: number;
  /** `T0`, or `T2 (child of T0)` for thread names; `label` is just `T2`. */
  readonly label: string;
  readonly displayName: string;
  /** Slot of the parent for a child, else -1. */
  readonly parent: number;
  /** Slot of the child this task creates in its first syscall, else -1. */
  readonly child: number;
  readonly pc: F;
  readonly nrSyscalls: F;
  readonly flag: F;
  readonly userMode: F;
  readonly onTasklist: F;
  readonly ctx: F;
  readonly inSyscall: F;
  readonly dummy: F;
  readonly nameCount: F;
  readonly aux: F;
  readonly currentState: F;
  readonly cpu: F;
  readonly bug: F;
  readonly ghostExit: F;
  /**
   * Interchangeable tasks only (see {@link interchangeableSlots}): 0 until a walk places the task on
   * the list, then 1 + its position (steps/task-list.ts). Other tasks sit at their slot.
   */
  readonly listPos?: F;
  /** Syscalls this task makes: children make `childSyscalls`; `unbounded`: it never stops. */
  readonly maxSyscalls: Bound;
}

export interface AuditFields {
  readonly layout: Layout;
  readonly nRules: F;
  readonly adminPc: F;
  readonly adminOps: F;
  readonly adminWalk: F;
  readonly adminCpu: F;
  /** tasklist_lock (rwlock) and audit_filter_mutex. */
  readonly tasklistLock: F;
  readonly filterMutex: F;
  readonly tasks: readonly TaskFields[];
  /** Every CPU field (tasks then auditctl), for the scheduler's footprints. */
  readonly cpus: readonly F[];
}

const bitsFor = (max: number): number => Math.max(1, Math.ceil(Math.log2(max + 1)));

export const taskLabel = (i: number): string => `T${i}`;

/**
 * Slots of the interchangeable tasks: alive at start and never forking (T0..T(forks-1) fork, and each
 * child has its own parent). Empty when fewer than two: a group of one needs no list position.
 */
export function interchangeableSlots(bounds: Bounds): number[] {
  const slots = Array.from({ length: Math.max(0, bounds.tasks - bounds.forks) }, (_x, k) => bounds.forks + k);
  return slots.length >= 2 ? slots : [];
}

/**
 * Field declarations for `bounds`, with their memory kind: shared locations go through the memory
 * model; a task's context and counters are local to it (and to its parent, which fills them in before
 * the child runs); program counters, CPUs and ghost witnesses are bookkeeping.
 * `admin` is auditctl's thread number; task i is thread i.
 */
export function fieldDecls(bounds: Bounds, childSyscalls: Bound): FieldDecl[] {
  const n = bounds.tasks + bounds.forks;
  const admin = n;
  const group = interchangeableSlots(bounds);
  const decls: FieldDecl[] = [
    { name: 'audit_n_rules', bits: bitsFor(maxRulesOf(bounds)), kind: 'shared' },
    { name: 'tasklist_lock', bits: 2, kind: 'shared', lock: 'rwlock' },
    { name: 'audit_filter_mutex', bits: 1, kind: 'shared', lock: 'mutex' },
    { name: 'auditctl.pc', bits: 2, kind: 'ghost' },
    // Unbounded: auditctl counts nothing, the field stays 0.
    { name: 'auditctl.rule_ops', bits: bitsFor(finite(bounds.ruleOps, 0)), kind: 'local', owners: [admin] },
    { name: 'auditctl.walk', bits: bitsFor(n - 1), kind: 'local', owners: [admin] },
    { name: 'auditctl.cpu', bits: bitsFor(bounds.cpus), kind: 'ghost' },
  ];
  for (let i = 0; i < n; i++) {
    decls.push(...taskDecls(bounds, childSyscalls, i));
    // The order of the task list, which only for_each_process_thread reads: bookkeeping, not memory.
    if (group.includes(i)) decls.push({ name: `${taskLabel(i)}.list_pos`, bits: bitsFor(n), kind: 'ghost' });
  }
  return decls;
}

/**
 * Task `i`'s fields. With a bound, its counters count up to it. Unbounded, `nr_syscalls` only tells
 * the first syscall from later ones (0, 1, 2 = more), and the name and aux counts only zero from
 * non-zero: that is all any step or invariant asks of them (BUG_ON and the invariants test `!= 0`;
 * the exit hook resets them), so saturating them is exact.
 */
function taskDecls(bounds: Bounds, childSyscalls: Bound, i: number): FieldDecl[] {
  const t = taskLabel(i);
  const owners = i >= bounds.tasks ? [i, i - bounds.tasks] : [i];
  const local = (name: string, bits: number): FieldDecl => ({ name: `${t}.${name}`, bits, kind: 'local', owners });
  const own = i >= bounds.tasks ? childSyscalls : bounds.syscalls;
  const unbounded = own === UNBOUNDED;
  // Bounded runs keep one width for every task (as they always have): the counts saturate alike.
  const perTask = Math.max(finite(bounds.syscalls, 1), finite(childSyscalls, 1));
  return [
    { name: `${t}.pc`, bits: 4, kind: 'ghost' },
    local('nr_syscalls', unbounded ? 2 : bitsFor(perTask)),
    { name: `${t}.TIF_SYSCALL_AUDIT`, bits: 1, kind: 'shared' },
    local('user_mode', 1),
    { name: `${t}.on_tasklist`, bits: 1, kind: 'shared' },
    { name: `${t}.audit_context`, bits: 1, kind: 'shared' },
    local('ctx.in_syscall', 1),
    local('ctx.dummy', 1),
    local('ctx.name_count', unbounded ? 1 : bitsFor(perTask)),
    local('ctx.aux', unbounded ? 1 : bitsFor(perTask)),
    local('ctx.current_state', 1),
    { name: `${t}.cpu`, bits: bitsFor(bounds.cpus), kind: 'ghost' },
    local('BUG', 1),
    { name: `ghost.${t}.exit_hook_since_n_rules_changed`, bits: 1, kind: 'ghost' },
  ];
}

/** Handles for the fields of `fieldDecls(bounds)` in `layout`. */
export function buildFields(layout: Layout, bounds: Bounds, childSyscalls: Bound): AuditFields {
  const n = bounds.tasks + bounds.forks;
  const f = (name: string): F => {
    const id = layout.field(name);
    const fl = layout.fields[id]!;
    return { id, word: fl.word, shift: fl.shift, mask: fl.max, name };
  };
  const tasks: TaskFields[] = [];
  const group = interchangeableSlots(bounds);
  for (let i = 0; i < n; i++) {
    const t = taskLabel(i);
    const parent = i >= bounds.tasks ? i - bounds.tasks : -1;
    tasks.push({
      index: i,
      label: t,
      displayName: parent >= 0 ? `${t} (child of T${parent})` : t,
      parent,
      child: i < bounds.forks ? bounds.tasks + i : -1,
      pc: f(`${t}.pc`),
      nrSyscalls: f(`${t}.nr_syscalls`),
      flag: f(`${t}.TIF_SYSCALL_AUDIT`),
      userMode: f(`${t}.user_mode`),
      onTasklist: f(`${t}.on_tasklist`),
      ctx: f(`${t}.audit_context`),
      inSyscall: f(`${t}.ctx.in_syscall`),
      dummy: f(`${t}.ctx.dummy`),
      nameCount: f(`${t}.ctx.name_count`),
      aux: f(`${t}.ctx.aux`),
      currentState: f(`${t}.ctx.current_state`),
      cpu: f(`${t}.cpu`),
      bug: f(`${t}.BUG`),
      ghostExit: f(`ghost.${t}.exit_hook_since_n_rules_changed`),
      ...(group.includes(i) ? { listPos: f(`${t}.list_pos`) } : {}),
      maxSyscalls: parent >= 0 ? childSyscalls : bounds.syscalls,
    });
  }
  const adminCpu = f('auditctl.cpu');
  return {
    layout,
    nRules: f('audit_n_rules'),
    adminPc: f('auditctl.pc'),
    adminOps: f('auditctl.rule_ops'),
    adminWalk: f('auditctl.walk'),
    adminCpu,
    tasklistLock: f('tasklist_lock'),
    filterMutex: f('audit_filter_mutex'),
    tasks,
    cpus: [...tasks.map((t) => t.cpu), adminCpu],
  };
}
