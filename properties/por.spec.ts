/**
 * Partial-order reduction through the engine (`check` with `por: true` vs `por: false`) on random
 * models: the four soundness properties of the POR issue. Verdicts are compared per invariant and
 * for deadlock; traces are replayed here independently of the engine's own replay.
 */
import { describe, it } from 'vitest';
import fc from 'fast-check';
import { FC_SEED } from './seed.js';
import { arbPorModel } from './por-models.js';
import { arbModelWithInvariants, isDeadlock } from './random-model.js';
import { check } from '../src/checker/index.js';
import type { CheckResult, SearchOrder, Trace } from '../src/checker/types.js';
import type { Model } from '../src/model/model.js';
import type { StateVector } from '../src/model/layout.js';
import type { Invariant } from '../src/invariants/invariant.js';

/** Replays `trace` step by step; the state it ends in. */
function replay(model: Model, trace: Trace): StateVector {
  let s = trace.initial;
  if (!model.initialStates.some((i) => i.every((w, k) => w === s[k]))) throw new Error('trace does not start in an initial state');
  for (const step of trace.steps) {
    const a = model.actions[step.action]!;
    if (!a.enabled(s)) throw new Error(`trace step ${a.name} is not enabled`);
    const next = Uint32Array.from(s);
    a.apply(s, next);
    if (!next.every((w, k) => w === step.state[k])) throw new Error(`trace step ${a.name} does not reach the recorded state`);
    s = next;
  }
  return s;
}

function verdicts(r: CheckResult): string {
  return r.properties.map((p) => `${p.name}:${p.verdict}`).join(' ');
}

function comparePor(model: Model, invariants: readonly Invariant[], search: SearchOrder): void {
  const full = check(model, invariants, { search, por: false });
  const por = check(model, invariants, { search, por: true });
  // (1) and (4): same verdict for every invariant and for deadlock
  if (verdicts(full) !== verdicts(por)) throw new Error(`verdicts differ (${search}): full ${verdicts(full)} | POR ${verdicts(por)}`);
  // (2) never more states (only meaningful when both searches ran to the end)
  if (full.complete && por.complete && por.stats.states > full.stats.states) {
    throw new Error(`POR stored ${por.stats.states} states, full search ${full.stats.states}`);
  }
  // (3) every POR counterexample replays and violates
  for (const p of por.properties) {
    if (p.verdict !== 'violated') continue;
    if (p.trace === undefined) throw new Error(`${p.name}: violated without a trace`);
    const end = replay(model, p.trace);
    const inv = invariants.find((i) => i.name === p.name);
    if (inv === undefined ? !isDeadlock(model, end) : inv.holds(end)) throw new Error(`${p.name}: the POR trace ends in a state that does not violate it`);
  }
}

describe(`POR through the engine: verdicts, states, traces, deadlocks (seed ${FC_SEED})`, () => {
  for (const search of ['bfs', 'dfs'] as const) {
    it(`models with locality, all invariants at once (${search})`, () => {
      fc.assert(fc.property(arbPorModel(), ({ model, invariants }) => comparePor(model, invariants, search)), { numRuns: 2000 });
    });
    it(`models with locality, one invariant at a time (${search})`, () => {
      fc.assert(
        fc.property(arbPorModel(), ({ model, invariants }) => invariants.forEach((inv) => comparePor(model, [inv], search))),
        { numRuns: 1000 },
      );
    });
    it(`generic random models (${search})`, () => {
      fc.assert(fc.property(arbModelWithInvariants(), ({ model, invariants }) => comparePor(model, invariants, search)), { numRuns: 1000 });
    });
  }
  it('with no invariants, deadlocks alone (bfs)', () => {
    fc.assert(fc.property(arbPorModel(), ({ model }) => comparePor(model, [], 'bfs')), { numRuns: 1000 });
  });
});
