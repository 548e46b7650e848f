/**
 * The audit model's variants with their invariants, for the POR suites (commutation, footprint
 * honesty, verdicts with and without reduction).
 */
import { buildAuditModel, DEFAULT_BOUNDS, KNOBS, VARIANT_NAMES, type AuditModel, type Bounds } from '../src/model/audit/index.js';
import { auditInvariants } from '../src/invariants/audit.js';
import type { Invariant } from '../src/invariants/invariant.js';

export interface AuditCase {
  /** `proposed`, or `proposed --walk-lock=rcu` for a knob off its default. */
  readonly label: string;
  readonly variant: string;
  readonly model: AuditModel;
  readonly invariants: readonly Invariant[];
}

function build(variant: (typeof VARIANT_NAMES)[number], bounds: Bounds, knobs: Record<string, string>, label: string): AuditCase {
  const model = buildAuditModel({ variant, bounds, knobs });
  return { label, variant, model, invariants: auditInvariants(model) };
}

/** Every variant at `bounds` (default bounds unless given), default knobs. */
export function auditCases(bounds: Bounds = DEFAULT_BOUNDS): AuditCase[] {
  return VARIANT_NAMES.map((variant) => build(variant, bounds, {}, variant));
}

/** Every variant with each applicable knob set, one at a time, to each non-default value. */
export function auditKnobCases(bounds: Bounds = DEFAULT_BOUNDS): AuditCase[] {
  return VARIANT_NAMES.flatMap((variant) =>
    KNOBS.flatMap((knob) => {
      const def = knob.defaults[variant];
      if (def === undefined) return [];
      return knob.values.filter((v) => v !== def).map((v) => build(variant, bounds, { [knob.name]: v }, `${variant} --${knob.name}=${v}`));
    }),
  );
}

/** The default bounds with one more task. */
export const ONE_MORE_TASK: Bounds = { ...DEFAULT_BOUNDS, tasks: DEFAULT_BOUNDS.tasks + 1 };
