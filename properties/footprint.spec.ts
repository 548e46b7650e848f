/**
 * Footprint honesty (see src/checker/por/honesty.ts): every step changes only the fields it declares
 * writing, and its guard, its effect and every invariant give the same answer whatever the fields
 * they do not declare hold. POR is only as sound as these declarations.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FC_SEED } from './seed.js';
import { arbPorModel } from './por-models.js';
import { auditCases, auditKnobCases } from './por-audit.js';
import { footprintProblems, randomReachable, rngFrom } from '../src/checker/por/honesty.js';

describe(`footprints are honest (seed ${FC_SEED})`, () => {
  it('on random models honest by construction (the checker raises no false alarm)', () => {
    fc.assert(
      fc.property(arbPorModel(), fc.integer(), ({ model, invariants }, seed) => {
        const rng = rngFrom(seed);
        expect(footprintProblems(model, randomReachable(model, 5, 20, rng), rng, invariants)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  for (const { label, model, invariants } of auditCases()) {
    it(`audit ${label} at default bounds: steps and invariants read and write only what they declare`, () => {
      const rng = rngFrom(FC_SEED);
      expect(footprintProblems(model, randomReachable(model, 40, 60, rng), rng, invariants)).toEqual([]);
    });
  }

  it('audit: every variant with each knob off its default, at default bounds', () => {
    const problems = auditKnobCases().flatMap(({ label, model, invariants }) => {
      const rng = rngFrom(FC_SEED);
      return footprintProblems(model, randomReachable(model, 8, 60, rng), rng, invariants).map((p) => `${label}: ${p}`);
    });
    expect(problems).toEqual([]);
  });
});
