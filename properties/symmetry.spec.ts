/**
 * Symmetry reduction on random models with declared symmetric threads: the same verdicts as the full
 * search, the stored states are exactly the representatives of the reachable states, every trace is a
 * concrete run of the plain model of the shortest length, and 1 or 2 workers agree.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FC_SEED } from './seed.js';
import { arbSymmetricInvariants, arbSymmetricSpec, buildSymmetric, buildSymmetricInvariants, SYMMETRIC_MODULE, SYMMETRIC_PROTOCOL, type SymmetricModel } from './random-symmetric.js';
import { check, createSearch, lastState, replayTrace } from '../src/checker/index.js';
import type { SearchRun } from '../src/checker/search.js';
import type { StateStore } from '../src/checker/state-store.js';
import type { CheckOptions, CheckResult } from '../src/checker/types.js';
import type { Invariant } from '../src/invariants/invariant.js';
import { isDeadlocked } from '../src/checker/property.js';
import { parallelCheck } from '../src/parallel/index.js';
import { reachable } from '../src/model/audit/test-helpers.js';

const key = (s: ArrayLike<number>): string => Array.from(s).join(',');

/** The states a search stored (exact mode), as keys. */
export function storedKeys(run: SearchRun, words: number): Set<string> {
  const snap = run.snapshot();
  const store = snap.paths as StateStore;
  const out = new Set<string>();
  const buf = new Uint32Array(words);
  for (let id = 0; id < snap.states; id++) {
    store.readState(id, buf);
    out.add(key(buf));
  }
  return out;
}

/** Representatives of every state reachable in the plain model. */
function canonicalImages(model: SymmetricModel): Set<string> {
  const out = new Set<string>();
  const buf = new Uint32Array(model.layout.words);
  for (const s of reachable(model, 200_000)) {
    model.symmetry.canonicalize(s, buf);
    out.add(key(buf));
  }
  return out;
}

/** Every violated property's trace replays through the plain model from an initial state and ends in violation. */
function expectConcreteTraces(model: SymmetricModel, invariants: readonly Invariant[], r: CheckResult): void {
  for (const p of r.properties) {
    if (p.trace === undefined) continue;
    expect(model.initialStates.some((s) => key(s) === key(p.trace!.initial))).toBe(true);
    const replayed = replayTrace(model, p.trace.initial, p.trace.steps.map((s) => s.action));
    const last = lastState(replayed);
    const inv = invariants.find((i) => i.name === p.name);
    expect(inv === undefined ? isDeadlocked(model, last) : !inv.holds(last), p.name).toBe(true);
  }
}

const verdicts = (r: CheckResult) => r.properties.map((p) => ({ name: p.name, verdict: p.verdict, length: p.trace?.steps.length }));

function searchRun(model: SymmetricModel, invariants: readonly Invariant[], options: CheckOptions): SearchRun {
  const run = createSearch(model, invariants, options) as SearchRun;
  while (!run.run(1000));
  return run;
}

describe(`symmetry reduction on random symmetric models (seed ${FC_SEED})`, () => {
  it('same verdicts and shortest lengths as full search; stored states = representatives of the reachable states; concrete traces', () => {
    let reduced = 0;
    fc.assert(
      fc.property(arbSymmetricSpec(), arbSymmetricInvariants(), fc.boolean(), fc.constantFrom<'bfs' | 'dfs'>('bfs', 'dfs'), (spec, invSpecs, deadlock, search) => {
        const model = buildSymmetric(spec);
        const invariants = buildSymmetricInvariants(model, invSpecs);
        const full = check(model, invariants, { deadlock, search, coverage: true });
        const run = searchRun(model, invariants, { deadlock, search, symmetry: true, coverage: true });
        const sym = run.result();
        // Coverage makes both searches explore everything, so the stored sets are complete.
        expect(sym.complete).toBe(true);
        if (sym.stats.states < full.stats.states) reduced++;
        expect(storedKeys(run, model.layout.words)).toEqual(canonicalImages(model));
        expect(sym.properties.map((p) => p.verdict)).toEqual(full.properties.map((p) => p.verdict));
        // BFS: the first violation found is at the shortest distance in both graphs.
        if (search === 'bfs') expect(verdicts(sym)).toEqual(verdicts(full));
        expectConcreteTraces(model, invariants, sym);
        // A step can fire exactly when one of its twins can.
        const orbitFired = (r: CheckResult, a: number) => r.coverage!.fired.some((f, b) => f && model.symmetry.actionOrbit[b] === model.symmetry.actionOrbit[a]);
        model.actions.forEach((_a, i) => expect(sym.coverage!.fired[i]).toBe(orbitFired(full, i)));
      }),
      { numRuns: 150 },
    );
    // The generator makes models where the reduction has something to merge.
    expect(reduced).toBeGreaterThan(50);
  });

  it('gives the one-thread symmetric result exactly on 2 workers (verdicts, counts, traces)', async () => {
    const summary = (r: CheckResult) => ({
      complete: r.complete, states: r.stats.states, transitions: r.stats.transitions, maxDepth: r.stats.maxDepth,
      properties: r.properties.map((p) => ({ name: p.name, verdict: p.verdict, trace: p.trace?.steps.map((s) => s.action) })),
    });
    await fc.assert(
      fc.asyncProperty(arbSymmetricSpec(), arbSymmetricInvariants(), fc.boolean(), async (spec, invSpecs, fingerprint) => {
        const model = buildSymmetric(spec);
        const invariants = buildSymmetricInvariants(model, invSpecs);
        const options: CheckOptions = { symmetry: true, fingerprint };
        const one = check(model, invariants, options);
        const ref = { protocol: SYMMETRIC_PROTOCOL, config: { spec, invariants: invSpecs }, modules: [SYMMETRIC_MODULE] };
        // Every level on both threads: small searches would otherwise end on the main thread alone.
        const two = await parallelCheck(ref, model, invariants, options, 2, undefined, { batch: 1, mainBelow: 0, waitForWorkers: true });
        expect(summary(two)).toEqual(summary(one));
        expectConcreteTraces(model, invariants, two);
      }),
      { numRuns: 20 },
    );
  });

  it('refuses partial-order reduction with symmetry, and a model without symmetry', () => {
    fc.assert(
      fc.property(arbSymmetricSpec(), (spec) => {
        const model = buildSymmetric(spec);
        expect(() => check(model, [], { symmetry: true, por: true })).toThrow(/partial-order/);
        const { symmetry: _s, ...plain } = model;
        expect(() => check(plain, [], { symmetry: true })).toThrow(/declares no symmetry/);
      }),
      { numRuns: 5 },
    );
  });
});
