/**
 * The audit protocol model: `buildAuditModel(config)` turns a variant, bounds, knobs and a memory model
 * into a Model. Threads are the tasks T0.. (children after them), then auditctl; lanes are CPUs.
 */
import type { FieldId, StateVector } from '../layout.js';
import type { Action, ActionId, Model } from '../model.js';
import { KernelSystem } from '../kernel/system.js';
import type { KernelEvent } from '../kernel/compile.js';
import type { MemoryModelName } from '../kernel/memory.js';
import { ablationSites, withoutSites, type AblationSite } from '../kernel/ablation.js';
import type { StepDef } from '../kernel/program.js';
import { AuditConfigError, DEFAULT_BOUNDS, type AuditConfig, type Bounds, type VariantName } from './config.js';
import type { Env } from './env.js';
import { ADMIN, PC, buildFields, fieldDecls, rd, taskLabel, type AuditFields } from './fields.js';
import { patchedSteps, resolveConfig } from './knobs.js';
import { resolveVariant } from './registry.js';
import { addSchedulerSteps, freeCpu, implicitCpus, implicitScheduling } from './scheduler.js';
import { taskSymmetry } from './symmetry.js';

export { KNOBS, VARIANTS, MAX_BOUNDS, resolveConfig, knobInfos, variantInfos } from './knobs.js';
export { AuditConfigError, DEFAULT_BOUNDS } from './config.js';
export { VARIANT_NAMES } from './variants/index.js';
export { registerVariant, resolveVariant } from './registry.js';
export type { AuditConfig, Bounds, KnobInfo, VariantInfo, VariantName } from './config.js';

export interface AuditModel extends Model {
  /** The configuration with every applicable knob resolved to its value. */
  readonly config: Required<AuditConfig>;
  /** Task labels by slot: `T0`, `T1`, then children (`T2`); thread i is task i, the last is auditctl. */
  readonly tasks: readonly string[];
  /**
   * Labels of the interchangeable tasks (alive at start, never forking), when there are two or more.
   * `symmetry` permutes them; it is absent under a weak memory model, whose store buffers name them.
   */
  readonly interchangeable: readonly string[];
  /** Packed field handles, for invariants and tests. */
  readonly fields: AuditFields;
  readonly memoryModel: MemoryModelName;
  /** The kernel system the steps were compiled for (store buffers, events). */
  readonly system: KernelSystem;
  /** What action `id` does from `s`, as kernel events (loads with the values they return, ...). */
  events(s: StateVector, id: ActionId): KernelEvent[];
}

export function buildAuditModel(config: AuditConfig, inspect?: (steps: readonly StepDef[], sys: KernelSystem) => void): AuditModel {
  const resolved = resolveConfig(config);
  const { bounds } = resolved;
  const n = bounds.tasks + bounds.forks;
  const threads = [...Array.from({ length: n }, (_x, i) => taskLabel(i)), 'auditctl'];
  const sys = new KernelSystem({
    fields: fieldDecls(bounds, bounds.childSyscalls), threads,
    memoryModel: resolved.memoryModel, storeBuffer: resolved.storeBuffer,
  });
  const fields = buildFields(sys.layout, bounds, bounds.childSyscalls);
  const variant = { ...resolveVariant(resolved.variant), steps: patchedSteps(resolved) };
  const env: Env = { sys, fields, config: resolved, variant, scheduling: bounds.cpus < n + 1, adminThread: n, steps: [] };
  const st = variant.steps;
  for (const t of fields.tasks) {
    for (const build of [st.system_call, st.entry_hook, st.getname, st.audit_log_start, st.bprm_fcaps, st.copy_process, st.syscall_exit, st.exit_tail]) build(env, t);
  }
  st.audit_add_rule(env);
  st.audit_del_rule(env);
  addSchedulerSteps(env);
  const implicit = implicitScheduling(env);
  inspect?.(env.steps, sys);
  const compiled = sys.compile(ablate(sys, env.steps, resolved.withoutBarriers));
  const actions = implicit ? implicitCpus(env, compiled) : compiled;
  const names = new Set<string>();
  for (const a of actions) {
    if (names.has(a.name)) throw new Error(`duplicate action name ${a.name}`);
    names.add(a.name);
  }
  const threadNames = [...fields.tasks.map((t) => t.displayName), 'auditctl'];
  const group = fields.tasks.filter((t) => t.listPos !== undefined);
  const symmetry = group.length >= 2 && resolved.memoryModel === 'sc' ? taskSymmetry(sys.layout, group, actions, env.scheduling ? [] : group.map((t) => t.cpu.id)) : undefined;
  const cpuOf = (a: Action) => (a.thread === n ? fields.adminCpu : fields.tasks[a.thread]!.cpu);
  return {
    name: `audit/${resolved.variant}`,
    config: resolved,
    tasks: fields.tasks.map((t) => t.label),
    interchangeable: group.map((t) => t.label),
    ...(symmetry === undefined ? {} : { symmetry }),
    fields,
    memoryModel: resolved.memoryModel,
    system: sys,
    layout: sys.layout,
    initialStates: [initialState(env, implicit)],
    actions,
    threadNames,
    events: (s, id) => sys.events(id, s),
    annotate: (s, id, next) => annotate(sys, actions[id]!.thread, sys.events(id, s), s, next),
    underApproximations: () => {
      // Whether, not how often: the count depends on search order and workers, the fact does not.
      if (sys.overflows() === 0) return [];
      return [`a full store buffer (--store-buffer ${resolved.storeBuffer}) made its oldest store visible early`];
    },
    isValidEnd(s: StateVector): boolean {
      if (rd(s, fields.adminPc) !== ADMIN.DONE) return false;
      return fields.tasks.every((t) => {
        const pc = rd(s, t.pc);
        return pc === PC.DONE || pc === PC.DEAD || pc === PC.NONE;
      });
    },
    lane(s: StateVector, id: ActionId): string {
      const a = actions[id]!;
      // The implicit scheduler does not say which CPU (it does not matter): one lane per thread.
      if (implicit) return threadNames[a.thread]!;
      const c = rd(s, cpuOf(a));
      return `CPU${(c !== 0 ? c : freeCpu(env, s)) - 1}`;
    },
  };
}

/** `steps` without the barrier sites or lock orderings named; an unknown site is a one-line configuration error. */
function ablate(sys: KernelSystem, steps: readonly StepDef[], remove: readonly string[]): StepDef[] {
  const name = (f: FieldId) => sys.name(f);
  const sites = ablationSites(steps, name).map((b) => b.id);
  for (const r of remove) {
    if (!sites.includes(r)) throw new AuditConfigError(`no barrier or lock '${r}' in this variant (sites: ${sites.join(', ') || 'none'})`);
  }
  return withoutSites(steps, remove, name);
}

/** The barrier and lock sites of `config`'s variant (with its knobs), for `audit-check barriers`. */
export function auditAblationSites(config: AuditConfig): AblationSite[] {
  let sites: AblationSite[] = [];
  buildAuditModel(config, (steps, sys) => { sites = ablationSites(steps, (f) => sys.name(f)); });
  return sites;
}

/** The values the step's loads of shared memory returned; under a weak model, its store buffer if it changed. */
function annotate(sys: KernelSystem, thread: number, events: readonly KernelEvent[], s: StateVector, next: StateVector): string[] {
  const lines: string[] = [];
  for (const e of events) {
    if (e.kind === 'flush') lines.push(e.spelling);
    if (e.kind !== 'load' || e.loc === undefined || sys.kind(e.loc) !== 'shared') continue;
    const line = `${e.spelling}(${sys.name(e.loc)}) = ${e.value ?? '?'}`;
    if (!lines.includes(line)) lines.push(line);
  }
  if (sys.memoryModel !== 'sc') {
    const after = sys.describeBuffer(thread, next);
    if (after !== sys.describeBuffer(thread, s)) lines.push(`store buffer: ${after === '' ? 'empty' : after}`);
  }
  return lines;
}

/**
 * One rule loaded at start; every task alive at start has a context and the flag (audit_alloc ran
 * with audit ever enabled). Without scheduling every actor has its own CPU; with the explicit
 * scheduler T0, T1, ... auditctl fill the CPUs in order; with the implicit one every actor starts at
 * a switch point, off CPU.
 */
function initialState(env: Env, implicit: boolean): Uint32Array {
  const { fields, sys, config } = env;
  const { bounds } = config;
  const n = fields.tasks.length;
  const init = sys.layout.zero();
  const w = (f: { id: number }, v: number) => sys.write(init, f.id as never, v);
  w(fields.nRules, 1);
  const startCpu = (thread: number, live: number) =>
    !env.scheduling ? thread + 1 : !implicit && live < bounds.cpus ? live + 1 : 0;
  fields.tasks.forEach((t, i) => {
    if (!env.scheduling) w(t.cpu, i + 1);
    else if (t.parent < 0) w(t.cpu, startCpu(i, i));
    if (t.parent >= 0) return;
    w(t.pc, PC.USER);
    w(t.userMode, 1);
    w(t.onTasklist, 1);
    w(t.ctx, 1);
    w(t.flag, 1);
  });
  w(fields.adminPc, bounds.ruleOps === 0 ? ADMIN.DONE : ADMIN.IDLE);
  if (bounds.ruleOps !== 0) w(fields.adminCpu, startCpu(n, bounds.tasks));
  return init;
}

/** Convenience: a variant at the default bounds (or the given ones) with the given knobs. */
export function auditModel(
  variant: VariantName,
  bounds: Partial<Bounds> = {},
  knobs: Readonly<Record<string, string>> = {},
  memory: { memoryModel?: MemoryModelName; storeBuffer?: number } = {},
): AuditModel {
  return buildAuditModel({ variant, bounds: { ...DEFAULT_BOUNDS, ...bounds }, knobs, ...memory });
}
