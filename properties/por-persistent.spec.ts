/**
 * Every set the stubborn-set expander returns is checked against the definitions (see por-check.ts).
 * This catches a broken closure (a missing dependency or enabling set) even when, by luck, the
 * verdicts of a search still agree.
 */
import { describe, it } from 'vitest';
import fc from 'fast-check';
import { FC_SEED } from './seed.js';
import { arbPorModel } from './por-models.js';
import { arbModelWithInvariants } from './random-model.js';
import { checkAllSets } from './por-check.js';
import { stubbornSets } from '../src/checker/por/stubborn.js';

describe(`every stubborn set is persistent and invisible (seed ${FC_SEED})`, () => {
  it('on models with locality', () => {
    fc.assert(fc.property(arbPorModel(), ({ model, invariants }) => checkAllSets(model, invariants, stubbornSets(model, invariants), 300, 400)), { numRuns: 2000 });
  });
  it('on models with locality, one invariant at a time', () => {
    fc.assert(fc.property(arbPorModel(), ({ model, invariants }) => checkAllSets(model, invariants.slice(0, 1), stubbornSets(model, invariants.slice(0, 1)), 300, 400)), { numRuns: 1000 });
  });
  it('on models with locality, without guard tables (enabling sets over every guard field)', () => {
    fc.assert(
      fc.property(arbPorModel(), ({ model, invariants }) => checkAllSets(model, invariants, stubbornSets(model, invariants, { guardTables: false }))),
      { numRuns: 500 },
    );
  });
  it('on generic random models', () => {
    fc.assert(fc.property(arbModelWithInvariants(), ({ model, invariants }) => checkAllSets(model, invariants, stubbornSets(model, invariants), 300, 400)), { numRuns: 1000 });
  });
});
