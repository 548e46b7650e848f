/**
 * Random models shaped so that partial-order reduction has something to reduce: every thread has a
 * program counter and a private variable, and a few fields are shared. Guards mostly test the
 * thread's own program counter; effects mostly write private fields and sometimes shared ones, so
 * independence, necessary enabling sets, co-enabledness and visibility all matter. The generic
 * generator (random-model.ts) shares every field between all threads, so it almost never reduces.
 *
 * Models are produced as specs for random-model.ts's `buildModel` (field indices chosen here, below
 * the field count, so they are used as they are), which keeps footprints honest by construction.
 */
import fc from 'fast-check';
import {
  type AssignSpec,
  type AtomSpec,
  type InvariantSpec,
  type ModelWithInvariants,
  type RandomModelSpec,
  buildInvariants,
  buildModel,
} from './random-model.js';

interface Shape {
  readonly threads: number;
  readonly shared: number;
}

/** Field index of thread `t`'s program counter, private variable, and shared field `j`. */
const pc = (t: number): number => 2 * t;
const own = (t: number): number => 2 * t + 1;
const shared = (sh: Shape, j: number): number => 2 * sh.threads + (j % sh.shared);

/** A field as thread `t` sees it: mostly its own, sometimes shared, rarely another thread's. */
function arbField(sh: Shape, t: number, weights: { pc: number; own: number; shared: number; other: number }): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: weights.pc, arbitrary: fc.constant(pc(t)) },
    { weight: weights.own, arbitrary: fc.constant(own(t)) },
    { weight: weights.shared, arbitrary: fc.nat({ max: sh.shared - 1 }).map((j) => shared(sh, j)) },
    { weight: weights.other, arbitrary: fc.nat({ max: 2 * sh.threads - 1 }) },
  );
}

const ops = ['eq', 'ne', 'lt', 'ge'] as const;

function arbAtom(sh: Shape, t: number): fc.Arbitrary<AtomSpec> {
  return fc.record({
    field: arbField(sh, t, { pc: 1, own: 2, shared: 3, other: 1 }),
    op: fc.constantFrom(...ops),
    value: fc.nat({ max: 3 }),
  });
}

function arbAssign(sh: Shape, t: number): fc.Arbitrary<AssignSpec> {
  return fc.record({
    field: arbField(sh, t, { pc: 0, own: 4, shared: 2, other: 0 }),
    kind: fc.constantFrom('const', 'copy', 'inc'),
    value: fc.nat({ max: 3 }),
    from: arbField(sh, t, { pc: 1, own: 2, shared: 2, other: 1 }),
  });
}

function arbAction(sh: Shape, t: number) {
  const atPc = fc.record({ field: fc.constant(pc(t)), op: fc.constant('eq' as const), value: fc.nat({ max: 3 }) });
  const toPc = fc.record({
    field: fc.constant(pc(t)),
    kind: fc.constant('const' as const),
    value: fc.nat({ max: 3 }),
    from: fc.constant(0),
  });
  return fc
    .record({
      at: fc.option(atPc, { freq: 4 }),
      extra: fc.oneof({ weight: 2, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(arbAtom(sh, t), { minLength: 1, maxLength: 1 }) }),
      effect: fc.array(arbAssign(sh, t), { minLength: 0, maxLength: 2 }),
      jump: fc.option(toPc, { freq: 5 }),
    })
    .map(({ at, extra, effect, jump }) => ({
      guard: [...(at === null ? [] : [at]), ...extra],
      // the pc update goes first: buildModel keeps the first assignment to a field
      effect: jump === null && effect.length === 0 ? [{ field: own(t), kind: 'inc' as const, value: 0, from: own(t) }] : [...(jump === null ? [] : [jump]), ...effect],
    }));
}

/** Random models with locality, and invariants over one or two fields (often shared). */
export function arbPorModel(opts: { maxThreads?: number } = {}): fc.Arbitrary<ModelWithInvariants> {
  return fc
    .record({ threads: fc.integer({ min: 2, max: opts.maxThreads ?? 4 }), shared: fc.integer({ min: 1, max: 2 }) })
    .chain((sh) => {
      const nFields = 2 * sh.threads + sh.shared;
      const anyField = fc.oneof(
        { weight: 3, arbitrary: fc.nat({ max: sh.shared - 1 }).map((j) => shared(sh, j)) },
        { weight: 2, arbitrary: fc.nat({ max: nFields - 1 }) },
      );
      const invAtom = fc.record({ field: anyField, op: fc.constantFrom(...ops), value: fc.nat({ max: 3 }) });
      return fc.record({
        spec: fc.record({
          fieldBits: fc.tuple(
            ...Array.from({ length: nFields }, (_, i) =>
              i < 2 * sh.threads && i % 2 === 0 ? fc.constant(2) : fc.integer({ min: 1, max: 2 }),
            ),
          ),
          wide: fc.boolean(),
          initial: fc.array(fc.array(fc.nat({ max: 3 }), { minLength: nFields, maxLength: nFields }), { minLength: 1, maxLength: 2 })
            .map((inits) => inits.map((v) => v.map((x, i) => (i < 2 * sh.threads && i % 2 === 0 ? 0 : x)))),
          threads: fc.tuple(
            ...Array.from({ length: sh.threads }, (_, t) => fc.array(arbAction(sh, t), { minLength: 1, maxLength: 5 })),
          ),
          validEnd: fc.option(fc.array(invAtom, { minLength: 1, maxLength: 1 }), { nil: undefined }),
        }),
        invariants: fc.array(fc.record({ atom: invAtom, implies: fc.option(invAtom, { nil: undefined }) }), {
          minLength: 1,
          maxLength: 2,
        }),
      });
    })
    .map(({ spec, invariants }) => {
      const model = buildModel(spec as RandomModelSpec);
      const invariantSpecs: InvariantSpec[] = invariants.map((i) => (i.implies === undefined ? { atom: i.atom } : { atom: i.atom, implies: i.implies }));
      return { model, invariants: buildInvariants(model, invariantSpecs), invariantSpecs };
    });
}
