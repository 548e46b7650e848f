/**
 * Checks every set a POR expander returns against the definitions, exhaustively on tiny models
 * (LTSmin's por-check layer): nonempty, a subset of the enabled steps, invisible when reduced, and
 * persistent: along every path of steps outside the set, each step commutes with every member and
 * disables none of them. Works on the brute-force state graph, so each check is a table look-up.
 */
import { bruteForceReachable } from './random-model.js';
import type { ActionId, Model } from '../src/model/model.js';
import type { Invariant } from '../src/invariants/invariant.js';
import type { Expander } from '../src/checker/types.js';

/**
 * Checks the set chosen at each of the first `maxStates` reachable states (BFS order), exploring at
 * most `maxOutside` states reachable from it by steps outside the set. Throws on the first violation.
 */
export function checkAllSets(model: Model, invariants: readonly Invariant[], expander: Expander, maxStates = 300, maxOutside = 400): void {
  const bf = bruteForceReachable(model, 100_000);
  const n = model.actions.length;
  // succ[x * n + a] = index of the successor of state x by action a, or -1 when a is disabled at x
  const succ = new Int32Array(bf.states.length * n).fill(-1);
  bf.edges.forEach((out, x) => out.forEach((e) => (succ[x * n + e.action] = e.to)));
  const observed = new Set(invariants.flatMap((i) => i.reads));
  const name = (a: ActionId): string => model.actions[a]!.name;
  const limit = Math.min(maxStates, bf.states.length);
  for (let x0 = 0; x0 < limit; x0++) {
    const s = bf.states[x0]!;
    const enabled = bf.edges[x0]!.map((e) => e.action);
    const chosen = expander.select(s, enabled, () => false);
    const where = `at ${bf.key(s)}: chose ${chosen.map(name)} of ${enabled.map(name)}`;
    if (enabled.length > 0 && chosen.length === 0) throw new Error(`empty set ${where}`);
    if (!chosen.every((a) => enabled.includes(a))) throw new Error(`not a subset of enabled ${where}`);
    if (chosen.length === enabled.length) continue;
    for (const a of chosen) {
      if (model.actions[a]!.footprint.writes.some((f) => observed.has(f))) throw new Error(`visible step in a reduced set ${where}`);
    }
    const inSet = new Set(chosen);
    const seen = new Set([x0]);
    const queue = [x0];
    for (let i = 0; i < queue.length && i < maxOutside; i++) {
      const x = queue[i]!;
      for (let u = 0; u < n; u++) {
        const xu = succ[x * n + u]!;
        if (xu < 0 || inSet.has(u)) continue;
        for (const t of chosen) {
          const at = (what: string): string => `${what}: ${name(u)} vs ${name(t)} after ${bf.key(bf.states[x]!)} ${where}`;
          const xt = succ[x * n + t]!;
          if (xt < 0) throw new Error(at('member disabled by outside steps'));
          const xut = succ[xu * n + t]!;
          const xtu = succ[xt * n + u]!;
          if (xut < 0 || xtu < 0) throw new Error(at('one disables the other'));
          if (xut !== xtu) throw new Error(at('do not commute'));
        }
        if (!seen.has(xu)) {
          seen.add(xu);
          queue.push(xu);
        }
      }
    }
  }
}
