/**
 * Footprint honesty: checks that keep a model's declared footprints truthful, because partial-order
 * reduction trusts them (an under-declared footprint makes reduction unsound). Generic over any
 * Model; run by properties/footprint.spec.ts and properties/commute.spec.ts on reachable states.
 *
 * - writes: a step changes only fields it declares writing;
 * - reads: its guard gives the same answer, and its effect writes the same values, whatever the
 *   fields it does not declare reading hold (perturbed at random, all at once and one by one);
 * - invariants: the same, for the fields an invariant declares reading;
 * - commutation: two steps declared independent commute, and neither enables or disables the other.
 */
import type { FieldId, StateVector } from '../../model/layout.js';
import { type Model, successor } from '../../model/model.js';
import type { Invariant } from '../../invariants/invariant.js';
import { computeRelations, hasBit } from './relations.js';

import { rngFrom, type Rng } from '../rng.js';

export { rngFrom, type Rng };

/**
 * States met on `walks` random walks of at most `maxSteps` steps from random initial states. With
 * `guided`, walks favour steps taken least so far (weight 1/(1+taken)²) to reach rare steps.
 */
export function randomReachable(model: Model, walks: number, maxSteps: number, rng: Rng, guided = false): StateVector[] {
  const out: StateVector[] = [];
  const taken = new Float64Array(model.actions.length);
  for (let w = 0; w < walks; w++) {
    let s: StateVector = model.initialStates[Math.floor(rng() * model.initialStates.length)]!;
    out.push(s);
    const steps = Math.floor(rng() * (maxSteps + 1));
    for (let i = 0; i < steps; i++) {
      const enabled = model.actions.flatMap((a, id) => (a.enabled(s) ? [id] : []));
      if (enabled.length === 0) break;
      const weights = enabled.map((a) => (guided ? 1 / (1 + taken[a]!) ** 2 : 1));
      let r = rng() * weights.reduce((x, y) => x + y, 0);
      let k = 0;
      while (k < enabled.length - 1 && (r -= weights[k]!) > 0) k++;
      const a = enabled[k]!;
      taken[a]!++;
      s = successor(model, s, a);
      out.push(s);
    }
  }
  return out;
}

const fieldName = (m: Model, f: number): string => m.layout.fields[f]!.name;

/** `s` with every field outside `keep` (or only `only`, when given) set to a random value. */
function perturb(m: Model, s: StateVector, keep: ReadonlySet<number>, rng: Rng, only?: number): Uint32Array {
  const out = Uint32Array.from(s);
  for (const f of m.layout.fields) {
    if (keep.has(f.id) || (only !== undefined && f.id !== only)) continue;
    m.layout.set(out, f.id, Math.floor(rng() * (f.max + 1)) >>> 0);
  }
  return out;
}

/** Runs `f`, turning a throw into a value so a perturbed state that crashes a step is reported. */
function attempt<T>(f: () => T): T | Error {
  try {
    return f();
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

const show = (v: unknown): string => (v instanceof Error ? `throws (${v.message})` : String(v));

/**
 * Footprint problems found on `states` (at most `limit`, one line each, naming the step and field).
 * Each state is perturbed `trials` times per step: once in every undeclared field at once, then in
 * single fields (which name the culprit when the all-at-once trial finds something).
 */
export function footprintProblems(
  model: Model,
  states: readonly StateVector[],
  rng: Rng,
  invariants: readonly Invariant[] = [],
  opts: { trials?: number; limit?: number } = {},
): string[] {
  const problems = new Set<string>();
  const limit = opts.limit ?? 20;
  const trials = opts.trials ?? 3;
  const nf = model.layout.fields.length;
  const report = (msg: string): boolean => (problems.add(msg), problems.size >= limit);
  const steps = model.actions.map((a) => ({
    a,
    reads: new Set<number>([...a.footprint.reads, ...(a.footprint.guard ?? [])]),
    guard: new Set<number>(a.footprint.guard ?? a.footprint.reads),
    writes: new Set<number>(a.footprint.writes),
  }));
  // blame one field: the first single-field perturbation that reproduces the difference
  const culprit = (keep: ReadonlySet<number>, differs: (p: StateVector) => boolean, s: StateVector): string => {
    for (let f = 0; f < nf; f++) {
      if (keep.has(f)) continue;
      for (let k = 0; k < 4; k++) if (differs(perturb(model, s, keep, rng, f))) return fieldName(model, f);
    }
    return 'a combination of undeclared fields';
  };
  for (const s of states) {
    for (let id = 0; id < steps.length; id++) {
      const { a, reads, guard, writes } = steps[id]!;
      const on = a.enabled(s);
      const next = on ? successor(model, s, id) : undefined;
      if (next !== undefined) {
        for (let f = 0; f < nf; f++) {
          const before = model.layout.get(s, f as FieldId);
          const after = model.layout.get(next, f as FieldId);
          if (before !== after && !writes.has(f) && report(`${a.name}: writes ${fieldName(model, f)} (${before} → ${after}) but does not declare it`)) return [...problems];
        }
      }
      const guardDiffers = (p: StateVector): boolean => attempt(() => a.enabled(p)) !== on;
      // Same declared reads, so the same values written. A written field the step does not read may
      // differ only when the step left it unchanged in both states (a write under a declared condition).
      const effectDiffers = (p: StateVector): boolean => {
        if (next === undefined || attempt(() => a.enabled(p)) !== true) return false;
        const q = attempt(() => successor(model, p, id));
        if (q instanceof Error) return true;
        for (const w of writes) {
          const f = w as FieldId;
          const [sv, nv, pv, qv] = [model.layout.get(s, f), model.layout.get(next, f), model.layout.get(p, f), model.layout.get(q, f)];
          if (qv !== nv && !(!reads.has(w) && sv === nv && pv === qv)) return true;
        }
        return false;
      };
      for (let t = 0; t < trials; t++) {
        const only = t === 0 ? undefined : Math.floor(rng() * nf);
        const pg = perturb(model, s, guard, rng, only);
        if (guardDiffers(pg)) {
          const r = attempt(() => a.enabled(pg));
          if (report(`${a.name}: guard reads ${culprit(guard, guardDiffers, s)} without declaring it (enabled ${on} → ${show(r)})`)) return [...problems];
          break;
        }
        const pe = perturb(model, s, reads, rng, only);
        if (effectDiffers(pe)) {
          if (report(`${a.name}: effect reads ${culprit(reads, effectDiffers, s)} without declaring it`)) return [...problems];
          break;
        }
      }
    }
    for (const inv of invariants) {
      const keep = new Set<number>(inv.reads);
      const holds = inv.holds(s);
      const differs = (p: StateVector): boolean => attempt(() => inv.holds(p)) !== holds;
      for (let t = 0; t < trials; t++) {
        if (differs(perturb(model, s, keep, rng, t === 0 ? undefined : Math.floor(rng() * nf)))) {
          if (report(`invariant ${inv.name}: reads ${culprit(keep, differs, s)} without declaring it`)) return [...problems];
          break;
        }
      }
    }
  }
  return [...problems];
}

/**
 * Pairs of steps declared independent that fail to commute on `states`: both enabled but one
 * disables the other or the two orders end in different states, or one enables the other.
 */
export function commuteProblems(model: Model, states: readonly StateVector[], opts: { limit?: number } = {}): string[] {
  const rel = computeRelations(model, []);
  const problems = new Set<string>();
  const limit = opts.limit ?? 20;
  const key = (s: StateVector): string => Array.prototype.join.call(s, ',');
  for (const s of states) {
    const on = model.actions.map((a) => a.enabled(s));
    for (let a = 0; a < rel.n; a++) {
      if (!on[a]) continue;
      const sa = successor(model, s, a);
      for (let b = 0; b < rel.n; b++) {
        if (b === a || hasBit(rel.dep[a]!, b)) continue;
        const A = model.actions[a]!.name;
        const B = model.actions[b]!.name;
        if (!on[b]) {
          if (model.actions[b]!.enabled(sa)) problems.add(`${A} enables ${B}, yet they are declared independent`);
        } else if (b > a) {
          const sb = successor(model, s, b);
          if (!model.actions[b]!.enabled(sa)) problems.add(`${A} disables ${B}, yet they are declared independent`);
          else if (!model.actions[a]!.enabled(sb)) problems.add(`${B} disables ${A}, yet they are declared independent`);
          else if (key(successor(model, sa, b)) !== key(successor(model, sb, a))) problems.add(`${A} and ${B} do not commute, yet they are declared independent`);
        }
        if (problems.size >= limit) return [...problems];
      }
    }
  }
  return [...problems];
}
