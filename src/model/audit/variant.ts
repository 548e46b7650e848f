/**
 * A variant is a patch: it names the variant it starts from and replaces named steps. The step table
 * below lists every replaceable step; each entry emits the kernel-code steps of one kernel function
 * (for one task, or for auditctl). Knobs are patches too (./knobs.ts).
 */
import type { Env } from './env.js';
import type { TaskFields } from './fields.js';

export type TaskSteps = (env: Env, t: TaskFields) => void;
export type AdminSteps = (env: Env) => void;

/** The replaceable steps, by the kernel function they model. */
export interface StepTable {
  /** The entry check on the thread-info flags word (system_call / syscall_trace_enter). */
  readonly system_call: TaskSteps;
  /** The slow-path entry hook: __audit_syscall_entry, or __audit_start_record. */
  readonly entry_hook: TaskSteps;
  readonly getname: TaskSteps;
  /** An AVC: audit_log_start -> auditsc_get_stamp. */
  readonly audit_log_start: TaskSteps;
  /** execve of a setuid binary: __audit_log_bprm_fcaps. */
  readonly bprm_fcaps: TaskSteps;
  /** The exit check (sysret_check) and __audit_syscall_exit's emit and reset (X1..X4). */
  readonly syscall_exit: TaskSteps;
  /** What __audit_syscall_exit does to TIF_SYSCALL_AUDIT at its end (nothing in mainline). */
  readonly exit_tail: TaskSteps;
  /** copy_process: dup_task_struct + audit_alloc, then the attach under write_lock_irq(&tasklist_lock). */
  readonly copy_process: TaskSteps;
  readonly audit_add_rule: AdminSteps;
  readonly audit_del_rule: AdminSteps;
}
export type StepName = keyof StepTable;
export const STEP_NAMES: readonly StepName[] = [
  'system_call', 'entry_hook', 'getname', 'audit_log_start', 'bprm_fcaps', 'syscall_exit', 'exit_tail',
  'copy_process', 'audit_add_rule', 'audit_del_rule',
];

/** Where the entry and exit flag checks live, as traces name them. */
export interface EntryLabels {
  readonly entryCheck: string;
  readonly exitCheck: string;
  readonly entryFile: string;
}

/** One row of the variant table. */
export interface VariantDef {
  readonly name: string;
  /** One line: what kernel or patch this is. */
  readonly summary: string;
  /** The variant this one patches; absent only for mainline. */
  readonly base?: string;
  readonly labels?: Partial<EntryLabels>;
  readonly steps?: Partial<StepTable>;
  /** Knobs this variant has, with their defaults (added to or overriding the base's). */
  readonly knobs?: Readonly<Record<string, string>>;
  /** Knobs of the base this variant does not have. */
  readonly dropKnobs?: readonly string[];
}

/** A variant with its base chain applied. */
export interface ResolvedVariant {
  readonly name: string;
  readonly summary: string;
  readonly base?: string;
  readonly labels: EntryLabels;
  readonly steps: StepTable;
  readonly knobs: Readonly<Record<string, string>>;
  /** Whether __audit_syscall_exit ends with a flag tail (X5), i.e. its steps are not mainline's. */
  readonly hasExitTail: boolean;
}
