/**
 * The variants and knobs a user can choose, with per-variant defaults, and their validation.
 * Every knob is a detail the note (kernel-audit.md §9) could not pin down or that a reviewer may want to flip.
 */
import {
  AuditConfigError,
  DEFAULT_BOUNDS,
  VARIANT_NAMES,
  type AuditConfig,
  type Bounds,
  type KnobInfo,
  type VariantInfo,
  type VariantName,
} from './config.js';

/** The protocol variants, in the order of the thread's history. */
export const VARIANTS: readonly VariantInfo[] = [
  { name: 'legacy', summary: 'v3.13 mainline: audit_alloc sets TIF_SYSCALL_AUDIT on every task with a context, nothing clears it' },
  { name: 'v2.1', summary: "Andy's Feb 2014 patch (reconstructed): walks set the flag when rules appear, clear it when the last goes" },
  { name: 'proposed', summary: "Andy's 4 Feb 2014 proposal as written: __audit_start_record, exit hook clears the flag when n_rules == 0" },
  { name: 'proposed-fixed', summary: 'the proposal with fork reading n_rules under the tasklist write lock and clear-then-recheck at exit' },
  { name: 'modern', summary: 'v5.11+ generic entry (SYSCALL_WORK_SYSCALL_AUDIT): set at fork when a context exists, never cleared' },
];

/** The variants whose rule changes walk the task list. */
const WALKERS: readonly VariantName[] = ['v2.1', 'proposed', 'proposed-fixed'];
const all = (v: string): Record<VariantName, string> =>
  Object.fromEntries(VARIANT_NAMES.map((n) => [n, v])) as Record<VariantName, string>;
const walkers = (v: string): Partial<Record<VariantName, string>> =>
  Object.fromEntries(WALKERS.map((n) => [n, v]));

/** Every knob, its values, meaning, and default per variant (absent variant: the knob does not apply). */
export const KNOBS: readonly KnobInfo[] = [
  {
    name: 'walk-lock',
    values: ['tasklist', 'rcu'],
    meaning: "the flag walk holds read_lock(&tasklist_lock) (excludes copy_process's attach) or only rcu_read_lock()",
    defaults: walkers('tasklist'),
  },
  {
    name: 'walk-skips-no-context',
    values: ['no', 'yes'],
    meaning: 'the walk skips tasks whose audit_context is NULL (also while __audit_syscall_exit has it detached)',
    defaults: walkers('no'),
  },
  {
    name: 'walk-on-add',
    values: ['first-rule', 'every-rule'],
    meaning: 'audit_add_rule walks the tasks when n_rules goes 0 -> 1 only, or on every add',
    defaults: { 'v2.1': 'first-rule', proposed: 'every-rule', 'proposed-fixed': 'every-rule' },
  },
  {
    name: 'fork-read',
    values: ['early', 'late'],
    meaning: 'copy_process reads audit_n_rules for the child in audit_alloc (early) or after attaching it, under tasklist_lock (late)',
    defaults: { 'v2.1': 'early', proposed: 'early', 'proposed-fixed': 'late' },
  },
  {
    name: 'exit-clear',
    values: ['plain', 'recheck'],
    meaning: '__audit_syscall_exit: if (!n_rules) clear_thread_flag (plain), or clear; smp_mb(); if (n_rules) set (recheck)',
    defaults: { proposed: 'plain', 'proposed-fixed': 'recheck' },
  },
  {
    name: 'bprm-fcaps-starts-record',
    values: ['yes', 'no'],
    meaning: '__audit_log_bprm_fcaps calls __audit_start_record before appending its aux entry',
    defaults: { proposed: 'yes', 'proposed-fixed': 'yes' },
  },
  {
    name: 'other-entry-work',
    values: ['none', 'seccomp'],
    meaning: 'user tasks also have TIF_SECCOMP: in the entry work mask, not in the exit masks',
    defaults: all('none'),
  },
  {
    name: 'preempt',
    values: ['none', 'full'],
    meaning: 'CONFIG_PREEMPT_NONE (switch only when blocking or returning to user) or CONFIG_PREEMPT (anywhere but under spinlocks)',
    defaults: all('none'),
  },
  {
    name: 'scheduler',
    values: ['explicit', 'implicit'],
    meaning: 'fewer CPUs than tasks: schedule() hands a CPU to a waiter at switch points (explicit; traces in CPU columns), or a task takes an idle CPU only to run between switch points (implicit; same kernel states, 3.5-9x fewer states, traces in thread columns)',
    defaults: all('explicit'),
  },
];

/** Largest bounds the packed layout encodes. */
export const MAX_BOUNDS: Bounds = { tasks: 4, cpus: 4, forks: 4, ruleOps: 7, syscalls: 7 };

/**
 * Checks `config` and fills in every applicable knob; throws {@link AuditConfigError} with one line
 * naming what is wrong and what is allowed.
 */
export function resolveConfig(config: AuditConfig): AuditConfig {
  const { variant, bounds } = config;
  if (!(VARIANT_NAMES as readonly string[]).includes(variant)) {
    throw new AuditConfigError(`unknown variant '${String(variant)}' (allowed: ${VARIANT_NAMES.join(', ')})`);
  }
  const min: Bounds = { tasks: 1, cpus: 1, forks: 0, ruleOps: 0, syscalls: 1 };
  for (const key of Object.keys(DEFAULT_BOUNDS) as (keyof Bounds)[]) {
    const v = bounds[key];
    if (!Number.isInteger(v) || v < min[key] || v > MAX_BOUNDS[key]) {
      throw new AuditConfigError(`bound ${key} = ${String(v)} cannot be encoded (allowed: ${min[key]}..${MAX_BOUNDS[key]})`);
    }
  }
  if (bounds.forks > bounds.tasks) {
    throw new AuditConfigError(`bound forks = ${bounds.forks} exceeds tasks = ${bounds.tasks} (each of T0..T${bounds.tasks - 1} forks at most once)`);
  }
  const knobs: Record<string, string> = {};
  for (const [name, value] of Object.entries(config.knobs)) {
    const info = KNOBS.find((k) => k.name === name);
    if (info === undefined) {
      throw new AuditConfigError(`unknown knob '${name}' (knobs: ${KNOBS.map((k) => k.name).join(', ')})`);
    }
    if (info.defaults[variant] === undefined) {
      const applies = Object.keys(info.defaults).join(', ');
      throw new AuditConfigError(`knob '${name}' does not apply to variant ${variant} (only to: ${applies})`);
    }
    if (!info.values.includes(value)) {
      throw new AuditConfigError(`knob '${name}' has no value '${value}' (allowed: ${info.values.join(', ')})`);
    }
    knobs[name] = value;
  }
  for (const info of KNOBS) {
    const d = info.defaults[variant];
    if (d !== undefined && knobs[info.name] === undefined) knobs[info.name] = d;
  }
  return { variant, bounds: { ...bounds }, knobs };
}
