/**
 * Prints the fast-check seed once per `npm test`, and checks every property run uses it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FC_SEED } from '../properties/seed.js';

describe(`fast-check seed ${FC_SEED}`, () => {
  it('is the global seed of every property in this run (FC_SEED=<n> npm test to change it)', () => {
    process.stdout.write(`fast-check seed: ${FC_SEED} (reproduce with FC_SEED=${FC_SEED} npm test)\n`);
    expect(Number.isSafeInteger(FC_SEED)).toBe(true);
    expect(fc.readConfigureGlobal().seed).toBe(FC_SEED);
  });
});
