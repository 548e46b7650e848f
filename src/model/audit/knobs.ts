/**
 * Knobs: details the sources leave open, or that a reviewer wants to flip. Each is a step replacement
 * (a patch over the variant's step table) or a parameter the steps read; a variant has the knobs its
 * table row and its bases list. Resolution and validation of a configuration live here too.
 */
import { MEMORY_MODELS } from '../kernel/memory.js';
import { exitTailPlain, exitTailRecheck } from './steps/exit.js';
import { allocInherits, allocReadsNRules, attachOnly, attachThenReadNRules, copyProcess } from './steps/fork.js';
import { bprmFcaps } from './steps/syscall.js';
import { AuditConfigError, DEFAULT_BOUNDS, UNBOUNDED, type AuditConfig, type Bounds, type KnobInfo, type VariantInfo } from './config.js';
import { resolveVariant, variantDefs } from './registry.js';
import type { StepTable } from './variant.js';

interface KnobDef {
  readonly name: string;
  readonly values: readonly string[];
  readonly meaning: string;
  /** Steps each value puts in place; absent: a parameter the steps read. */
  readonly patch?: Readonly<Record<string, Partial<StepTable>>>;
}

export const KNOB_DEFS: readonly KnobDef[] = [
  { name: 'walk-lock', values: ['tasklist', 'rcu'], meaning: "the flag walk holds read_lock(&tasklist_lock) (excludes copy_process's attach) or only rcu_read_lock()" },
  { name: 'walk-skips-no-context', values: ['no', 'yes'], meaning: 'the walk skips tasks whose audit_context is NULL (also while __audit_syscall_exit has it detached)' },
  { name: 'walk-on-add', values: ['first-rule', 'every-rule'], meaning: 'audit_add_rule walks the tasks when n_rules goes 0 -> 1 only, or on every add' },
  {
    name: 'fork-read', values: ['early', 'late'],
    meaning: 'copy_process reads audit_n_rules for the child in audit_alloc (early) or after attaching it, under tasklist_lock (late)',
    patch: {
      early: { copy_process: copyProcess(() => allocReadsNRules, attachOnly) },
      late: { copy_process: copyProcess(allocInherits, attachThenReadNRules) },
    },
  },
  {
    name: 'exit-clear', values: ['plain', 'recheck'],
    meaning: '__audit_syscall_exit: if (!n_rules) clear_thread_flag (plain), or clear; barrier; if (n_rules) set (recheck)',
    patch: { plain: { exit_tail: exitTailPlain }, recheck: { exit_tail: exitTailRecheck } },
  },
  { name: 'exit-barrier', values: ['none', 'smp_mb', 'smp_mb__after_atomic'], meaning: "the barrier between the exit's clear_thread_flag() and its recheck of audit_n_rules" },
  { name: 'inc-barrier', values: ['none', 'smp_wmb', 'smp_mb__before_atomic', 'smp_mb'], meaning: "the barrier inc_n_rules puts between audit_n_rules++ and each set_tsk_thread_flag of its walk" },
  {
    name: 'bprm-fcaps-starts-record', values: ['yes', 'no'],
    meaning: '__audit_log_bprm_fcaps calls __audit_start_record before appending its aux entry',
    patch: { yes: { bprm_fcaps: bprmFcaps(true) }, no: { bprm_fcaps: bprmFcaps(false) } },
  },
  { name: 'other-entry-work', values: ['none', 'seccomp'], meaning: 'user tasks also have TIF_SECCOMP: in the entry work mask, not in the exit masks' },
  { name: 'preempt', values: ['none', 'full'], meaning: 'CONFIG_PREEMPT_NONE (switch only when blocking or returning to user) or CONFIG_PREEMPT (anywhere but under spinlocks)' },
  {
    name: 'scheduler', values: ['explicit', 'implicit'],
    meaning: 'fewer CPUs than tasks: schedule() hands a CPU to a waiter at switch points (explicit; traces in CPU columns), or a task takes an idle CPU only to run between switch points (implicit, sc only; same kernel states, 3.5-9x fewer states, traces in thread columns)',
  },
  { name: 'fork-in', values: ['first-syscall', 'any-syscall'], meaning: "the forker's clone() is only its first syscall, or any one of them" },
];

export function knobDef(name: string): KnobDef | undefined {
  return KNOB_DEFS.find((k) => k.name === name);
}

/** Every knob with its default per built-in (and registered) variant, for `list` and the CLI. */
export function knobInfos(): KnobInfo[] {
  const defs = variantDefs();
  return KNOB_DEFS.map((k) => ({
    name: k.name, values: k.values, meaning: k.meaning,
    defaults: Object.fromEntries(defs.flatMap((v) => {
      const d = resolveVariant(v.name).knobs[k.name];
      return d === undefined ? [] : [[v.name, d]];
    })),
  }));
}
export const KNOBS: readonly KnobInfo[] = knobInfos();

export function variantInfos(): VariantInfo[] {
  return variantDefs().map((v) => ({ name: v.name, summary: v.summary, ...(v.base !== undefined ? { base: v.base } : {}) }));
}
export const VARIANTS: readonly VariantInfo[] = variantInfos();

type Counted = Exclude<keyof Bounds, 'maxRules'>;
/** Largest bounds the packed layout encodes. */
export const MAX_BOUNDS: Readonly<Record<Counted, number>> & { readonly maxRules: number } = {
  tasks: 4, cpus: 4, forks: 4, ruleOps: 7, syscalls: 7, childSyscalls: 7, maxRules: 7,
};
const MIN_BOUNDS: Readonly<Record<Counted, number>> = { tasks: 1, cpus: 1, forks: 0, ruleOps: 0, syscalls: 1, childSyscalls: 0 };
const CLI_NAME: Readonly<Record<Counted, string>> = {
  tasks: 'tasks', cpus: 'cpus', forks: 'forks', ruleOps: 'rule-ops', syscalls: 'syscalls', childSyscalls: 'child-syscalls',
};
/** The bounds that may be `unbounded`: the actors that loop in the kernel (forks stay bounded). */
const MAY_LOOP: ReadonlySet<Counted> = new Set(['ruleOps', 'syscalls', 'childSyscalls']);

/** `given` over the defaults, each bound checked against what the layout encodes. */
function resolveBounds(given: Partial<Bounds>): Bounds {
  const bounds: Bounds = { ...DEFAULT_BOUNDS, ...given };
  for (const key of Object.keys(DEFAULT_BOUNDS) as Counted[]) {
    const b = bounds[key];
    if (b === UNBOUNDED && MAY_LOOP.has(key)) continue;
    if (typeof b !== 'number' || !Number.isInteger(b) || b < MIN_BOUNDS[key] || b > MAX_BOUNDS[key]) {
      const loop = MAY_LOOP.has(key) ? ' or unbounded' : '';
      throw new AuditConfigError(`bound --${CLI_NAME[key]} ${String(b)} cannot be encoded (allowed: ${MIN_BOUNDS[key]}..${MAX_BOUNDS[key]}${loop})`);
    }
  }
  const m = bounds.maxRules;
  if (m !== undefined && (!Number.isInteger(m) || m < 1 || m > MAX_BOUNDS.maxRules)) {
    throw new AuditConfigError(`bound --max-rules ${String(m)} cannot be encoded (allowed: 1..${MAX_BOUNDS.maxRules}; one rule is loaded at start)`);
  }
  return bounds;
}

/**
 * Checks `config` and fills in every applicable knob; throws {@link AuditConfigError} with one line
 * naming what is wrong and what is allowed.
 */
export function resolveConfig(config: AuditConfig): Required<AuditConfig> {
  const { variant } = config;
  const v = resolveVariant(variant);
  const bounds = resolveBounds(config.bounds);
  if (bounds.forks > bounds.tasks) {
    throw new AuditConfigError(`bound --forks ${bounds.forks} exceeds --tasks ${bounds.tasks} (each of T0..T${bounds.tasks - 1} forks at most once)`);
  }
  const memoryModel = config.memoryModel ?? 'sc';
  if (!(MEMORY_MODELS as readonly string[]).includes(memoryModel)) {
    throw new AuditConfigError(`unknown memory model '${String(memoryModel)}' (allowed: ${MEMORY_MODELS.join(', ')})`);
  }
  const storeBuffer = config.storeBuffer ?? 2;
  if (!Number.isInteger(storeBuffer) || storeBuffer < 1 || storeBuffer > 4) {
    throw new AuditConfigError(`--store-buffer ${String(storeBuffer)} cannot be encoded (allowed: 1..4)`);
  }
  const knobs: Record<string, string> = {};
  for (const [name, value] of Object.entries(config.knobs)) {
    const info = knobDef(name);
    if (info === undefined) throw new AuditConfigError(`unknown knob '--${name}' (knobs: ${KNOB_DEFS.map((k) => k.name).join(', ')})`);
    if (v.knobs[name] === undefined) {
      const has = variantDefs().filter((d) => resolveVariant(d.name).knobs[name] !== undefined).map((d) => d.name);
      throw new AuditConfigError(`knob '--${name}' does not apply to variant ${variant} (only to: ${has.join(', ')})`);
    }
    if (!info.values.includes(value)) throw new AuditConfigError(`knob '--${name}' has no value '${value}' (allowed: ${info.values.join(', ')})`);
    knobs[name] = value;
  }
  for (const [name, d] of Object.entries(v.knobs)) if (knobs[name] === undefined) knobs[name] = d;
  if (memoryModel !== 'sc' && knobs['scheduler'] === 'implicit') {
    throw new AuditConfigError(`--scheduler implicit is defined only under --memory-model sc (store buffers belong to CPUs)`);
  }
  return { variant, bounds, knobs: sortKeys(knobs), memoryModel, storeBuffer, withoutBarriers: [...(config.withoutBarriers ?? [])] };
}

const sortKeys = (o: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]!]));

/** The variant's step table with the patches of every knob set away from its default. */
export function patchedSteps(config: Required<AuditConfig>): StepTable {
  const v = resolveVariant(config.variant);
  let steps: StepTable = v.steps;
  for (const [name, value] of Object.entries(config.knobs)) {
    const patch = knobDef(name)?.patch?.[value];
    if (patch !== undefined && v.knobs[name] !== value) steps = { ...steps, ...patch };
  }
  return steps;
}
