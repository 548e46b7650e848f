/**
 * Independence as declared is independence in fact: every pair of steps the footprints call
 * independent commutes on reachable states (both orders enabled, same result) and neither enables
 * or disables the other.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FC_SEED } from './seed.js';
import { arbPorModel } from './por-models.js';
import { auditCases, auditKnobCases } from './por-audit.js';
import { commuteProblems, randomReachable, rngFrom } from '../src/checker/por/honesty.js';

describe(`steps declared independent commute (seed ${FC_SEED})`, () => {
  it('on random models honest by construction (no false alarm)', () => {
    fc.assert(
      fc.property(arbPorModel(), fc.integer(), ({ model }, seed) => {
        expect(commuteProblems(model, randomReachable(model, 5, 20, rngFrom(seed)))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  for (const { label, model } of auditCases()) {
    it(`audit ${label} at default bounds`, () => {
      expect(commuteProblems(model, randomReachable(model, 300, 80, rngFrom(FC_SEED)))).toEqual([]);
    });
  }

  it('audit: every variant with each knob off its default, at default bounds', () => {
    const problems = auditKnobCases().flatMap(({ label, model }) =>
      commuteProblems(model, randomReachable(model, 60, 80, rngFrom(FC_SEED))).map((p) => `${label}: ${p}`),
    );
    expect(problems).toEqual([]);
  });
});
