import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FC_SEED } from './seed.js';
import {
  arbModel,
  arbModelWithInvariants,
  bruteForceReachable,
  isDeadlock,
  minSwitchesBruteForce,
  shortestDistance,
  stateKey,
} from './random-model.js';
import { check, lastState, minimalTrace, threadSwitches } from '../src/checker/index.js';
import type { CheckResult } from '../src/checker/types.js';
import type { StateVector } from '../src/model/layout.js';
import type { Model } from '../src/model/model.js';
import type { Invariant } from '../src/invariants/invariant.js';

const verdicts = (r: CheckResult): Record<string, string> => Object.fromEntries(r.properties.map((p) => [p.name, p.verdict]));

/** The predicate a property result refers to. */
function violatesOf(model: Model, invariants: readonly Invariant[], name: string): (s: StateVector) => boolean {
  const inv = invariants.find((i) => i.name === name);
  return inv === undefined ? (s) => isDeadlock(model, s) : (s) => !inv.holds(s);
}

describe(`search engine on random models (seed ${FC_SEED})`, () => {
  it('BFS, DFS, fingerprints and POR agree with brute force on every verdict; BFS traces are shortest', () => {
    fc.assert(
      fc.property(arbModelWithInvariants(), ({ model, invariants }) => {
        const bf = bruteForceReachable(model);
        const expected: Record<string, string> = {};
        for (const name of [...invariants.map((i) => i.name), 'deadlock']) {
          expected[name] = bf.states.some(violatesOf(model, invariants, name)) ? 'violated' : 'holds';
        }
        const runs = {
          bfs: check(model, invariants),
          dfs: check(model, invariants, { search: 'dfs' }),
          fingerprint: check(model, invariants, { fingerprint: true, search: 'dfs' }),
          por: check(model, invariants, { por: true }),
          porDfs: check(model, invariants, { por: true, search: 'dfs' }),
        };
        for (const [how, r] of Object.entries(runs)) {
          expect(verdicts(r), how).toEqual(expected);
          if (r.complete && !how.startsWith('por')) expect(r.stats.states, how).toBe(bf.states.length);
          for (const p of r.properties) {
            if (p.trace === undefined) continue;
            const violates = violatesOf(model, invariants, p.name);
            // Every trace is a path of the reachable graph ending in a violating state.
            expect(violates(lastState(p.trace)), `${how} ${p.name}`).toBe(true);
            for (const step of p.trace.steps) expect(bf.index.has(stateKey(step.state))).toBe(true);
            if (how === 'bfs') expect(p.trace.steps.length, p.name).toBe(shortestDistance(bf, violates));
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('limits never produce holds', () => {
    fc.assert(
      fc.property(arbModelWithInvariants(), fc.nat({ max: 20 }), fc.nat({ max: 6 }), ({ model, invariants }, maxStates, maxDepth) => {
        const bf = bruteForceReachable(model);
        for (const r of [check(model, invariants, { maxStates: maxStates + 1 }), check(model, invariants, { maxDepth, search: 'dfs' })]) {
          if (r.complete) {
            expect(r.stats.states).toBe(bf.states.length);
            continue;
          }
          for (const p of r.properties) expect(p.verdict).not.toBe('holds');
        }
      }),
    );
  });

  it('minimalTrace is shortest, with the fewest thread switches among the shortest', () => {
    fc.assert(
      fc.property(arbModelWithInvariants({ maxFields: 3, maxBits: 2 }), ({ model, invariants }) => {
        const bf = bruteForceReachable(model);
        for (const name of [...invariants.map((i) => i.name), 'deadlock']) {
          const violates = violatesOf(model, invariants, name);
          const d = shortestDistance(bf, violates);
          const t = minimalTrace(model, violates, { maxDepth: 64 });
          if (d === undefined) {
            expect(t).toBeUndefined();
            continue;
          }
          expect(t!.steps.length).toBe(d);
          expect(violates(lastState(t!))).toBe(true);
          expect(threadSwitches(model, t!)).toBe(minSwitchesBruteForce(model, bf, violates));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('BFS and DFS reach the same set (counts), wide and narrow', () => {
    fc.assert(
      fc.property(arbModel({ maxFields: 5 }), (model) => {
        const n = bruteForceReachable(model, 40_000).states.length;
        expect(check(model, [], { deadlock: false }).stats.states).toBe(n);
        expect(check(model, [], { deadlock: false, search: 'dfs' }).stats.states).toBe(n);
      }),
    );
  });
});
