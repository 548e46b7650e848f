/**
 * Soundness of the stubborn-set expander on random models, through the reference search (so a
 * failure here is the reduction's fault, not the engine's). See por.spec.ts for the same properties
 * through the engine, and por-persistent.spec.ts for a direct check of every set chosen.
 */
import { describe, it } from 'vitest';
import fc from 'fast-check';
import { FC_SEED } from './seed.js';
import { arbModelWithInvariants } from './random-model.js';
import { arbPorModel } from './por-models.js';
import { referenceSearch } from '../src/checker/por/reference-search.js';
import { stubbornSets } from '../src/checker/por/stubborn.js';
import { successor, type Model } from '../src/model/model.js';
import type { Invariant } from '../src/invariants/invariant.js';
import type { SearchOrder } from '../src/checker/types.js';

function compare(model: Model, invariants: readonly Invariant[], order: SearchOrder): void {
  const full = referenceSearch(model, invariants, undefined, order);
  const por = referenceSearch(model, invariants, stubbornSets(model, invariants), order);
  const verdicts = (r: typeof full): string[] => invariants.map((i) => `${i.name}:${r.violations.has(i.name)}`);
  if (verdicts(full).join() !== verdicts(por).join()) {
    throw new Error(`verdicts differ (${order}): full ${verdicts(full)} POR ${verdicts(por)}`);
  }
  if (por.states > full.states) throw new Error(`POR stored ${por.states} > ${full.states} states`);
  // stubborn sets preserve every deadlock state itself, not only the existence of one
  if ([...full.deadlocks].sort().join(';') !== [...por.deadlocks].sort().join(';')) {
    throw new Error(`deadlocks differ: full ${[...full.deadlocks]} POR ${[...por.deadlocks]}`);
  }
  // C3 as a graph property: no cycle made only of reduced states (each must meet a full expansion)
  const colour = new Map<string, 1 | 2>();
  const cycleFrom = (k: string): boolean => {
    colour.set(k, 1);
    for (const next of por.reducedEdges.get(k) ?? []) {
      if (!por.reducedEdges.has(next)) continue;
      const c = colour.get(next);
      if (c === 1 || (c === undefined && cycleFrom(next))) return true;
    }
    colour.set(k, 2);
    return false;
  };
  for (const k of por.reducedEdges.keys()) {
    if (!colour.has(k) && cycleFrom(k)) throw new Error(`a cycle of reduced states through ${k} (${order})`);
  }
  for (const [name, { initial, path }] of por.violations) {
    let s = initial;
    for (const a of path) {
      if (!model.actions[a]!.enabled(s)) throw new Error(`${name}: trace step ${model.actions[a]!.name} not enabled`);
      s = successor(model, s, a);
    }
    if (invariants.find((i) => i.name === name)!.holds(s)) throw new Error(`${name}: trace ends in a state that holds`);
  }
}

describe(`POR through the reference search (seed ${FC_SEED})`, () => {
  for (const order of ['bfs', 'dfs'] as const) {
    it(`verdicts, deadlocks and traces match full search; never more states (${order}, models with locality)`, () => {
      fc.assert(
        fc.property(arbPorModel(), ({ model, invariants }) => compare(model, invariants, order)),
        { numRuns: 2000 },
      );
    });
    it(`the same on generic random models (${order})`, () => {
      fc.assert(
        fc.property(arbModelWithInvariants(), ({ model, invariants }) => compare(model, invariants, order)),
        { numRuns: 1000 },
      );
    });
  }

  it('the same holds checking one invariant at a time (bfs)', () => {
    fc.assert(
      fc.property(arbPorModel(), ({ model, invariants }) => {
        for (const inv of invariants) compare(model, [inv], 'bfs');
      }),
      { numRuns: 1000 },
    );
  });
});
