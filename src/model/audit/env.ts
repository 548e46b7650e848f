/**
 * What every step builder shares: the fields, the resolved configuration, the variant, and `step()`,
 * which turns a declared footprint plus guard/effect into an engine Action.
 */
import type { Action } from '../model.js';
import type { StateVector } from '../layout.js';
import type { AuditConfig } from './config.js';
import { rd, type AuditFields, type F, type TaskFields } from './fields.js';
import type { VariantSpec } from './variant.js';

export interface Env {
  readonly fields: AuditFields;
  readonly config: AuditConfig;
  readonly variant: VariantSpec;
  /** True when there are fewer CPUs than actors (tasks, children, auditctl): the scheduler is modelled. */
  readonly scheduling: boolean;
  /** Thread index of auditctl (tasks are 0..n-1). */
  readonly adminThread: number;
  readonly actions: Action[];
}

export function knob(env: Env, name: string): string | undefined {
  return env.config.knobs[name];
}

export interface StepSpec {
  readonly name: string;
  readonly label: string;
  readonly source: string;
  readonly thread: number;
  /** Fields the guard reads. */
  readonly guard: readonly F[];
  /** Further fields the effect reads. */
  readonly reads: readonly F[];
  readonly writes: readonly F[];
  enabled(s: StateVector): boolean;
  apply(s: StateVector, next: Uint32Array): void;
  /** See {@link Action.note}. */
  note?(before: StateVector, after: StateVector): string | undefined;
}

const ids = (fs: readonly F[]) => [...new Set(fs.map((f) => f.id))];

export function step(env: Env, spec: StepSpec): void {
  const guard = ids(spec.guard);
  env.actions.push({
    name: spec.name,
    label: spec.label,
    source: spec.source,
    thread: spec.thread,
    footprint: { reads: ids([...spec.guard, ...spec.reads]), writes: ids(spec.writes), guard },
    enabled: spec.enabled,
    apply: spec.apply,
    ...(spec.note === undefined ? {} : { note: spec.note }),
  });
}

/** Guard fields of a task step: where it is and whether it has a CPU. */
export const at = (t: TaskFields): F[] => [t.pc, t.cpu];

export function running(s: StateVector, t: TaskFields, pc: number): boolean {
  return rd(s, t.pc) === pc && rd(s, t.cpu) !== 0;
}
