/**
 * The liveness check agrees with a brute-force reference on random small graphs: a case is violated
 * iff some non-empty set of allowed edges among reachable `within` states is strongly connected and
 * meets every obligation (or a reachable terminal state meets them by stuttering). The reference
 * enumerates edge subsets and shares no code with the Tarjan check.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FC_SEED } from './seed.js';
import { checkLiveness, lassoProblem } from '../src/checker/liveness/index.js';
import { graphModel, liveness, type Edge } from '../src/checker/liveness/liveness-models.fixture.js';
import type { CycleCondition, LivenessCase } from '../src/checker/property.js';
import { replayTrace } from '../src/checker/trace.js';

interface Cond {
  readonly kind: 'state' | 'step';
  /** States (state kind) or edge indices (step kind) meeting it. */
  readonly set: number;
}
interface Case {
  readonly conds: readonly Cond[];
  readonly neverStates: number;
  readonly neverSteps: number;
}
interface Spec {
  readonly n: number;
  readonly threads: number;
  readonly edges: readonly Edge[];
  readonly within: number;
  readonly cases: readonly Case[];
  readonly fair: number;
  readonly shared: boolean;
}

const has = (mask: number, i: number): boolean => ((mask >>> i) & 1) === 1;

const arbSpec: fc.Arbitrary<Spec> = fc
  .record({ n: fc.integer({ min: 1, max: 5 }), threads: fc.integer({ min: 1, max: 3 }) })
  .chain(({ n, threads }) =>
    fc.record({
      n: fc.constant(n),
      threads: fc.constant(threads),
      edges: fc.array(fc.record({ from: fc.nat(n - 1), to: fc.nat(n - 1), thread: fc.nat(threads - 1) }), { maxLength: 8 }),
      // Mostly-true masks, so that cycles survive often enough to matter.
      within: fc.oneof(fc.constant(0xff), fc.nat(0xff)),
      cases: fc.array(
        fc.record({
          conds: fc.array(fc.record({ kind: fc.constantFrom('state' as const, 'step' as const), set: fc.nat(0xff) }), { maxLength: 2 }),
          neverStates: fc.oneof(fc.constant(0), fc.nat(0xff)),
          neverSteps: fc.oneof(fc.constant(0), fc.nat(0xff)),
        }),
        { minLength: 1, maxLength: 2 },
      ),
      fair: fc.nat(7),
      // Cases with the very same `never` conditions share one SCC decomposition: test that path too.
      shared: fc.boolean(),
    }),
  )
  .map((spec) => (spec.shared ? { ...spec, cases: spec.cases.map((c) => ({ ...c, neverStates: spec.cases[0]!.neverStates, neverSteps: spec.cases[0]!.neverSteps })) } : spec));

function fairThreads(spec: Spec): number[] {
  // A thread without edges is always disabled, so trivially fair: kept, to test that too.
  return Array.from({ length: spec.threads }, (_, t) => t).filter((t) => has(spec.fair, t));
}

/** The reference: edge subsets, reachability by fixpoint. */
function referenceViolated(spec: Spec, c: Case): boolean {
  const { n, edges } = spec;
  const reach = new Set([0]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const e of edges) if (reach.has(e.from) && !reach.has(e.to)) (reach.add(e.to), (grew = true));
  }
  const member = (v: number): boolean => reach.has(v) && has(spec.within, v) && !has(c.neverStates, v);
  const disabled = (t: number, v: number): boolean => !edges.some((e) => e.from === v && e.thread === t);
  const fair = fairThreads(spec);
  for (let v = 0; v < n; v++) {
    const terminal = !edges.some((e) => e.from === v);
    if (terminal && member(v) && c.conds.every((k) => k.kind === 'state' && has(k.set, v))) return true;
  }
  const allowed = edges.map((_, i) => i).filter((i) => member(edges[i]!.from) && member(edges[i]!.to) && !has(c.neverSteps, i));
  for (let mask = 1; mask < 1 << allowed.length; mask++) {
    const chosen = allowed.filter((_, j) => has(mask, j));
    const nodes = [...new Set(chosen.flatMap((i) => [edges[i]!.from, edges[i]!.to]))];
    const reaches = (a: number, b: number): boolean => {
      const seen = new Set([a]);
      const todo = [a];
      while (todo.length > 0) {
        const v = todo.pop()!;
        for (const i of chosen) if (edges[i]!.from === v && !seen.has(edges[i]!.to)) (seen.add(edges[i]!.to), todo.push(edges[i]!.to));
      }
      return seen.has(b) && chosen.some((i) => edges[i]!.to === a);
    };
    if (!nodes.every((a) => nodes.every((b) => reaches(a, b)))) continue;
    const met = c.conds.every((k) => (k.kind === 'state' ? nodes.some((v) => has(k.set, v)) : chosen.some((i) => has(k.set, i))));
    const isFair = fair.every((t) => chosen.some((i) => edges[i]!.thread === t) || nodes.some((v) => disabled(t, v)));
    if (met && isFair) return true;
  }
  return false;
}

function toCase(c: Case, label: string, never?: readonly CycleCondition[]): LivenessCase {
  const cond = (k: Cond, i: number): CycleCondition =>
    k.kind === 'state'
      ? { kind: 'state', label: `c${i}`, holds: (s) => has(k.set, s[0]!) }
      : { kind: 'step', label: `c${i}`, holds: (_s, a) => has(k.set, a) };
  return {
    label,
    infinitelyOften: c.conds.map(cond),
    never: never ?? [
      { kind: 'state', label: 'never-state', holds: (s) => has(c.neverStates, s[0]!) },
      { kind: 'step', label: 'never-step', holds: (_s, a) => has(c.neverSteps, a) },
    ],
  };
}

describe(`liveness agrees with a brute-force reference on random graphs (seed ${FC_SEED})`, () => {
  it('verdicts, and every lasso replays and re-checks', () => {
    const seen = { holds: 0, violated: 0, stutter: 0 };
    fc.assert(
      fc.property(arbSpec, (spec) => {
        const model = graphModel(spec.n, spec.edges, spec.threads);
        const first = toCase(spec.cases[0]!, 'case0');
        const cases = spec.cases.map((c, i) => (i === 0 ? first : toCase(c, `case${i}`, spec.shared ? first.never : undefined)));
        const property = liveness('p', cases, fairThreads(spec), (s) => has(spec.within, s[0]!));
        const r = checkLiveness(model, [property]);
        const expected = spec.cases.some((c) => referenceViolated(spec, c));
        expect(r.properties[0]!.verdict).toBe(expected ? 'violated' : 'holds');
        const p = r.properties[0]!;
        seen[expected ? 'violated' : 'holds']++;
        if (p.trace === undefined) return;
        if (p.trace.loopStart === p.trace.steps.length) seen.stutter++;
        const replayed = replayTrace(model, p.trace.initial, p.trace.steps.map((s) => s.action));
        const kase = cases.find((c) => c.label === p.case)!;
        expect(lassoProblem(model, property, kase, { ...replayed, loopStart: p.trace.loopStart! })).toBeUndefined();
        // The reference agrees on the very case the lasso names.
        expect(referenceViolated(spec, spec.cases[cases.indexOf(kase)]!)).toBe(true);
      }),
      { numRuns: 1500 },
    );
    // The generator must exercise both answers and stuttering, or the agreement says little.
    expect(Math.min(seen.holds, seen.violated)).toBeGreaterThan(150);
    expect(seen.stutter).toBeGreaterThan(30);
  });
});
