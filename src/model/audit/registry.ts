/**
 * The variant table, plus variants registered at run time (a user's variant file), and resolution of a
 * variant through its base chain.
 */
import { AuditConfigError } from './config.js';
import { noExitTail } from './steps/exit.js';
import { STEP_NAMES, type ResolvedVariant, type StepTable, type VariantDef } from './variant.js';
import { VARIANT_TABLE } from './variants/index.js';

const registered: VariantDef[] = [];

/** Built-in variants then registered ones. */
export function variantDefs(): readonly VariantDef[] {
  return [...VARIANT_TABLE, ...registered];
}

/** Adds a variant (from a variant file); its name must be new and its base must exist. */
export function registerVariant(def: VariantDef): void {
  if (variantDefs().some((v) => v.name === def.name)) {
    const same = registered.find((v) => v.name === def.name);
    if (same === def) return;
    throw new AuditConfigError(`variant '${def.name}' already exists; give the file's variant another name`);
  }
  if (def.base === undefined) throw new AuditConfigError(`variant '${def.name}' names no base variant`);
  resolveVariant(def.base);
  for (const s of Object.keys(def.steps ?? {})) {
    if (!(STEP_NAMES as readonly string[]).includes(s)) {
      throw new AuditConfigError(`variant '${def.name}' replaces step '${s}', which does not exist (steps: ${STEP_NAMES.join(', ')})`);
    }
  }
  registered.push(def);
}

/** `name` with its base chain applied; knobs whose steps it replaced without re-declaring are dropped. */
export function resolveVariant(name: string): ResolvedVariant {
  const def = variantDefs().find((v) => v.name === name);
  if (def === undefined) {
    throw new AuditConfigError(`unknown variant '${name}' (allowed: ${variantDefs().map((v) => v.name).join(', ')})`);
  }
  if (def.base === undefined) {
    const steps = def.steps as StepTable;
    return { name, summary: def.summary, labels: { entryCheck: '', exitCheck: '', entryFile: '', ...def.labels }, steps, knobs: { ...def.knobs }, hasExitTail: steps.exit_tail !== noExitTail };
  }
  const base = resolveVariant(def.base);
  const steps = { ...base.steps, ...def.steps };
  const replaced = Object.keys(def.steps ?? {});
  const knobs: Record<string, string> = {};
  for (const [k, v] of Object.entries(base.knobs)) {
    if (def.dropKnobs?.includes(k)) continue;
    if (def.knobs?.[k] === undefined && knobPatchesTouch(k, replaced)) continue;
    knobs[k] = v;
  }
  Object.assign(knobs, def.knobs);
  return {
    name, summary: def.summary, base: def.base, labels: { ...base.labels, ...def.labels }, steps, knobs,
    hasExitTail: steps.exit_tail !== noExitTail,
  };
}

/** The steps each knob replaces or parameterises: replacing one of them drops the knob. */
const KNOB_STEPS: Readonly<Record<string, readonly string[]>> = {
  'fork-read': ['copy_process'],
  'exit-clear': ['exit_tail'],
  'exit-barrier': ['exit_tail'],
  'inc-barrier': ['audit_add_rule'],
  'bprm-fcaps-starts-record': ['bprm_fcaps'],
  'walk-on-add': ['audit_add_rule'],
};
const knobPatchesTouch = (k: string, steps: readonly string[]) => (KNOB_STEPS[k] ?? []).some((s) => steps.includes(s));
