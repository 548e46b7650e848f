/**
 * What every step builder shares: the kernel system (fields, memory model), the fields, the resolved
 * configuration, the variant's step table, and the list the builders append their steps to.
 */
import type { KernelSystem } from '../kernel/system.js';
import { and, eq, field, ne, type Expr, type StepDef } from '../kernel/program.js';
import type { AuditConfig } from './config.js';
import type { AuditFields, TaskFields } from './fields.js';
import type { ResolvedVariant } from './variant.js';

export interface Env {
  readonly sys: KernelSystem;
  readonly fields: AuditFields;
  readonly config: AuditConfig;
  readonly variant: ResolvedVariant;
  /** True when there are fewer CPUs than actors (tasks, children, auditctl): the scheduler is modelled. */
  readonly scheduling: boolean;
  /** Thread index of auditctl (tasks are 0..n-1). */
  readonly adminThread: number;
  readonly steps: StepDef[];
}

export function knob(env: Env, name: string): string | undefined {
  return env.config.knobs[name];
}

/** A task step may run: the task is at `pc` and holds a CPU. */
export function at(t: TaskFields, pc: number): Expr {
  return and(eq(field(t.pc.id), pc), ne(field(t.cpu.id), 0));
}

/** Appends a step of task `t`, named `T1: <name>`. */
export function taskStep(env: Env, t: TaskFields, spec: Omit<StepDef, 'name' | 'thread'> & { readonly name?: string }): void {
  env.steps.push({ ...spec, name: `${t.label}: ${spec.name ?? spec.func}`, thread: t.index });
}
