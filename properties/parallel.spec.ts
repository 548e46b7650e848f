import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FC_SEED } from './seed.js';
import { arbInvariantSpecs, arbModelSpec, buildInvariants, buildModel } from './random-model.js';
import { RANDOM_MODULE, RANDOM_PROTOCOL } from './random-protocol.js';
import { check } from '../src/checker/index.js';
import type { CheckOptions, CheckResult } from '../src/checker/types.js';
import { parallelCheck } from '../src/parallel/index.js';

/** Everything a result says, traces as action lists: one worker or many must agree on all of it. */
function summary(r: CheckResult): unknown {
  return {
    complete: r.complete,
    stopped: r.stopped,
    states: r.stats.states,
    transitions: r.stats.transitions,
    maxDepth: r.stats.maxDepth,
    properties: r.properties.map((p) => ({ name: p.name, verdict: p.verdict, trace: p.trace?.steps.map((s) => s.action) })),
  };
}

const arbOptions: fc.Arbitrary<CheckOptions> = fc.record(
  {
    por: fc.boolean(),
    fingerprint: fc.boolean(),
    deadlock: fc.boolean(),
    maxStates: fc.integer({ min: 1, max: 400 }),
    maxDepth: fc.integer({ min: 0, max: 12 }),
  },
  { requiredKeys: ['por', 'fingerprint', 'deadlock'] },
);

describe(`parallel search on random models (seed ${FC_SEED})`, () => {
  it('gives the one-thread result exactly (verdicts, counts, depth, stop point, traces) on 2 threads, every level on both', async () => {
    await fc.assert(
      fc.asyncProperty(arbModelSpec({ maxFields: 5, maxThreads: 4 }), arbInvariantSpecs(), arbOptions, async (spec, invSpecs, options) => {
        const model = buildModel(spec);
        const invariants = buildInvariants(model, invSpecs);
        const one = check(model, invariants, options);
        const ref = { protocol: RANDOM_PROTOCOL, config: { spec, invariants: invSpecs }, modules: [RANDOM_MODULE] };
        // Every level on the workers: their interleavings are what this property is about.
        const two = await parallelCheck(ref, model, invariants, options, 2, undefined, { batch: 1, mainBelow: 0, waitForWorkers: true });
        expect(summary(two)).toEqual(summary(one));
        expect(two.stats.bytesPerState > 0 || two.stats.states === 0).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  // Small levels on the coordinator alone, larger ones on it and two workers, in one search: a rank,
  // parent or table entry that one side wrote and another misread (or a cycle proviso decided on
  // the wrong side of a level) would show as a different count, verdict or trace.
  it('gives the one-thread result exactly on 3 threads when the coordinator expands the small levels alone', async () => {
    await fc.assert(
      fc.asyncProperty(arbModelSpec({ maxFields: 5, maxThreads: 4 }), arbInvariantSpecs(), arbOptions, fc.integer({ min: 1, max: 6 }), async (spec, invSpecs, options, mainBelow) => {
        const model = buildModel(spec);
        const invariants = buildInvariants(model, invSpecs);
        const one = check(model, invariants, options);
        const ref = { protocol: RANDOM_PROTOCOL, config: { spec, invariants: invSpecs }, modules: [RANDOM_MODULE] };
        const three = await parallelCheck(ref, model, invariants, options, 3, undefined, { batch: 1, mainBelow, waitForWorkers: true });
        expect(summary(three)).toEqual(summary(one));
      }),
      { numRuns: 15 },
    );
  });
});
