/**
 * Symmetry reduction, engine side: which group a search uses, how a path over stored orbit
 * representatives becomes a concrete run, and how coverage over representatives speaks for every
 * step. What is interchangeable and how a state is permuted is the model's (Model.symmetry).
 *
 * Why it is sound: the model promises that every permutation π of its group maps steps onto steps
 * (s → t by a ⇔ π(s) → π(t) by a twin of a) and leaves the properties and valid ends unchanged. Then
 * the representatives reachable from the representatives of the initial states are exactly the
 * representatives of the reachable states, a state violates a property exactly when its
 * representative does, and a breadth-first distance to an orbit is the shortest distance to any of
 * its states (Emerson & Sistla 1996; Ip & Dill 1996).
 */
import type { ActionId, Model, Symmetry } from '../model/model.js';
import type { CheckOptions, Coverage } from './types.js';

/** The group a search with `options` canonicalizes by, or undefined; throws for what cannot combine. */
export function symmetryFor(model: Model, options: CheckOptions): Symmetry | undefined {
  if (options.symmetry !== true) return undefined;
  if (model.symmetry === undefined) throw new Error(`engine: ${model.name} declares no symmetry; search it without symmetry`);
  // Stubborn sets over representatives need their own proof (the proviso sees orbits, not states).
  if (options.reduction !== undefined || options.por === true) {
    throw new Error('engine: symmetry reduction does not combine with partial-order reduction; turn one off');
  }
  return model.symmetry;
}

/** Coverage over representatives, for every step: a step can happen when one of its twins did. */
export function coverageOverOrbits(c: Coverage, sym: Symmetry): Coverage {
  const orbitFired = new Map<ActionId, boolean>();
  c.fired.forEach((f, a) => {
    const r = sym.actionOrbit[a] ?? a;
    if (f) orbitFired.set(r, true);
  });
  return { ...c, fired: c.fired.map((_f, a) => orbitFired.get(sym.actionOrbit[a] ?? a) === true) };
}
