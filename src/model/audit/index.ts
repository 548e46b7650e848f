/**
 * The audit protocol model: `buildAuditModel(config)` turns a variant, bounds and knobs into a Model.
 * Threads are the tasks T0.. (children after them), then auditctl; lanes are CPUs.
 */
import type { StateVector } from '../layout.js';
import type { Action, ActionId, Model } from '../model.js';
import { addAdminSteps } from './admin.js';
import { addTaskSteps } from './base.js';
import { DEFAULT_BOUNDS, type AuditConfig, type Bounds, type VariantName } from './config.js';
import type { Env } from './env.js';
import { ADMIN, PC, buildFields, rd, wr, type AuditFields } from './fields.js';
import { resolveConfig } from './knobs.js';
import { addSchedulerSteps, freeCpu, implicitCpus, implicitScheduling } from './scheduler.js';
import { VARIANT_SPECS } from './variants/index.js';

export { KNOBS, VARIANTS, MAX_BOUNDS, resolveConfig } from './knobs.js';
export { AuditConfigError, DEFAULT_BOUNDS, VARIANT_NAMES } from './config.js';
export type { AuditConfig, Bounds, KnobInfo, VariantInfo, VariantName } from './config.js';

export interface AuditModel extends Model {
  /** The configuration with every applicable knob resolved to its value. */
  readonly config: AuditConfig;
  /** Task labels by slot: `T0`, `T1`, then children (`T2`); thread i is task i, the last is auditctl. */
  readonly tasks: readonly string[];
  /** Packed field handles, for invariants and tests. */
  readonly fields: AuditFields;
}

export function buildAuditModel(config: AuditConfig): AuditModel {
  const resolved = resolveConfig(config);
  const { bounds } = resolved;
  const fields = buildFields(bounds);
  const n = fields.tasks.length;
  const env: Env = {
    fields,
    config: resolved,
    variant: VARIANT_SPECS[resolved.variant],
    scheduling: bounds.cpus < n + 1,
    adminThread: n,
    actions: [] as Action[],
  };
  for (const t of fields.tasks) addTaskSteps(env, t);
  addAdminSteps(env);
  addSchedulerSteps(env);
  const implicit = implicitScheduling(env);

  const init = fields.layout.zero();
  wr(init, fields.nRules, 1); // one rule loaded at start
  // Without scheduling every actor has its own CPU; with the explicit scheduler T0, T1, ... auditctl fill
  // the CPUs in order; with the implicit one every actor starts at a switch point, off CPU.
  const startCpu = (thread: number, live: number) =>
    !env.scheduling ? thread + 1 : !implicit && live < bounds.cpus ? live + 1 : 0;
  fields.tasks.forEach((t, i) => {
    if (!env.scheduling) wr(init, t.cpu, i + 1);
    else if (t.parent < 0) wr(init, t.cpu, startCpu(i, i));
    if (t.parent >= 0) return;
    wr(init, t.pc, PC.USER);
    wr(init, t.userMode, 1);
    wr(init, t.onTasklist, 1);
    wr(init, t.ctx, 1); // audit_alloc ran for every task (audit ever enabled, rule state BUILD)
    wr(init, t.flag, 1);
  });
  wr(init, fields.adminPc, bounds.ruleOps === 0 ? ADMIN.DONE : ADMIN.IDLE);
  if (bounds.ruleOps > 0) wr(init, fields.adminCpu, startCpu(n, bounds.tasks));

  const actions = implicit ? implicitCpus(env, env.actions) : env.actions;
  const names = new Set<string>();
  for (const a of actions) {
    if (names.has(a.name)) throw new Error(`duplicate action name ${a.name}`);
    names.add(a.name);
  }
  const threadNames = [...fields.tasks.map((t) => t.displayName), 'auditctl'];
  const cpuOf = (a: Action) => (a.thread === n ? fields.adminCpu : fields.tasks[a.thread]!.cpu);
  return {
    name: `audit/${resolved.variant}`,
    config: resolved,
    tasks: fields.tasks.map((t) => t.label),
    fields,
    layout: fields.layout,
    initialStates: [init],
    actions,
    threadNames,
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

/** Convenience: a variant at the default bounds (or the given ones) with the given knobs. */
export function auditModel(
  variant: VariantName,
  bounds: Partial<Bounds> = {},
  knobs: Readonly<Record<string, string>> = {},
): AuditModel {
  return buildAuditModel({ variant, bounds: { ...DEFAULT_BOUNDS, ...bounds }, knobs });
}
