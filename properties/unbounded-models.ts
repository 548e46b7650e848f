/**
 * Random looping models for the unbounded-mode properties: threads whose programs loop forever, and
 * the same model bounded to `k` iterations per thread. Both are built as random-model.ts specs, so
 * they share its builder (honest footprints, parallel assignment) and its invariant builder.
 *
 * Fields, in spec order: the shared fields `f0..f(m-1)`, then one program counter per thread, then
 * (bounded only) one iteration counter per thread. Instruction `i` of thread `t` runs at `pc_t == i`
 * and moves to `(i + 1) mod length`; bounded, instruction 0 also needs `iter_t < k` and counts the
 * iteration. The counter is the only difference: same fields before it, same actions in the same
 * order (so an action id means the same step in both), same invariants (they never read it).
 */
import fc from 'fast-check';
import { buildInvariants, buildModel, type ActionSpec, type AssignSpec, type AtomSpec, type InvariantSpec, type RandomModel, type RandomModelSpec } from './random-model.js';
import type { Invariant } from '../src/invariants/invariant.js';
import type { StateVector } from '../src/model/layout.js';
import type { Trace } from '../src/checker/types.js';

export interface LoopingSpec {
  /** Widths of the shared fields. */
  readonly sharedBits: readonly number[];
  /** A 30-bit padding field first, so states span two words. */
  readonly wide: boolean;
  /** Raw initial values of the shared fields, one array per initial state; every pc starts at 0. */
  readonly initial: readonly (readonly number[])[];
  /** Each thread's program, run in order and from the top again forever. */
  readonly threads: readonly (readonly ActionSpec[])[];
}

export type Iterations = number | 'unbounded';

const bitsFor = (max: number): number => Math.max(1, Math.ceil(Math.log2(max + 1)));
const NEVER: AtomSpec = { field: 0, op: 'lt', value: 0 };

/** Fields invariants and guards may read: the shared fields and the program counters. */
export const visibleFields = (spec: LoopingSpec): number => spec.sharedBits.length + spec.threads.length;
const pcField = (spec: LoopingSpec, t: number): number => spec.sharedBits.length + t;
const iterField = (spec: LoopingSpec, t: number): number => visibleFields(spec) + t;

/** An atom over the visible fields (raw indices folded here, so both builds pick the same fields). */
function visibleAtom(spec: LoopingSpec, a: AtomSpec): AtomSpec {
  const n = visibleFields(spec);
  return { field: a.field % n, op: a.op, value: a.value, ...(a.other === undefined ? {} : { other: a.other % n }) };
}

/** Assignments write and read shared fields only: program counters move only by the loop. */
function sharedAssign(spec: LoopingSpec, a: AssignSpec): AssignSpec {
  const m = spec.sharedBits.length;
  return { field: a.field % m, kind: a.kind, value: a.value, from: a.from % m };
}

function instruction(spec: LoopingSpec, k: Iterations, t: number, i: number, a: ActionSpec): ActionSpec {
  const length = spec.threads[t]!.length;
  const pc = pcField(spec, t);
  const guard: AtomSpec[] = [{ field: pc, op: 'eq', value: i }, ...a.guard.map((g) => visibleAtom(spec, g))];
  const effect: AssignSpec[] = [{ field: pc, kind: 'const', value: (i + 1) % length, from: pc }, ...a.effect.map((e) => sharedAssign(spec, e))];
  if (k !== 'unbounded' && i === 0) {
    const iter = iterField(spec, t);
    guard.push({ field: iter, op: 'lt', value: k });
    effect.push({ field: iter, kind: 'inc', value: 0, from: iter });
  }
  return { guard, effect };
}

/** The random-model spec of `spec` looping forever (`unbounded`) or at most `k` times per thread. */
export function loopingModelSpec(spec: LoopingSpec, k: Iterations): RandomModelSpec {
  const T = spec.threads.length;
  const pcBits = spec.threads.map((prog) => bitsFor(prog.length - 1));
  const iterBits = k === 'unbounded' ? [] : spec.threads.map(() => bitsFor(k));
  // Unbounded: a thread never finishes, so any state without successors is a deadlock. Bounded: the
  // valid end is every thread capped at the top of its loop.
  const validEnd: AtomSpec[] = k === 'unbounded'
    ? [NEVER]
    : spec.threads.flatMap((_, t) => [{ field: iterField(spec, t), op: 'ge' as const, value: k }, { field: pcField(spec, t), op: 'eq' as const, value: 0 }]);
  return {
    fieldBits: [...spec.sharedBits, ...pcBits, ...iterBits],
    wide: spec.wide,
    // Missing raw values are 0 in buildModel: every pc and counter starts at 0.
    initial: spec.initial.map((raw) => [...spec.sharedBits.map((_, i) => raw[i] ?? 0), ...Array<number>(T).fill(0)]),
    threads: spec.threads.map((prog, t) => prog.map((a, i) => instruction(spec, k, t, i, a))),
    validEnd,
  };
}

export function buildLooping(spec: LoopingSpec, k: Iterations): RandomModel {
  return buildModel(loopingModelSpec(spec, k));
}

/** Invariants over the visible fields of a build of `spec`: the same predicates in every build. */
export function loopingInvariants(spec: LoopingSpec, model: RandomModel, specs: readonly InvariantSpec[]): Invariant[] {
  const visible = specs.map((s) => ({ atom: visibleAtom(spec, s.atom), ...(s.implies === undefined ? {} : { implies: visibleAtom(spec, s.implies) }) }));
  return buildInvariants(model, visible);
}

/** A state of a bounded build as the unbounded build's state: the iteration counters dropped. */
export function project(spec: LoopingSpec, bounded: RandomModel, unbounded: RandomModel, s: StateVector): Uint32Array {
  const out = unbounded.layout.zero();
  for (let i = 0; i < visibleFields(spec); i++) unbounded.layout.set(out, unbounded.specFields[i]!, bounded.layout.get(s, bounded.specFields[i]!));
  return out;
}

/** Most iterations any one thread starts along `trace`: the bound its replay needs. */
export function iterationsUsed(model: RandomModel, trace: Trace): number {
  const starts = new Map<number, number>();
  for (const step of trace.steps) {
    const a = model.actions[step.action]!;
    if (a.name.endsWith('.a0')) starts.set(a.thread, (starts.get(a.thread) ?? 0) + 1);
  }
  return Math.max(0, ...starts.values());
}

const arbRaw = fc.nat({ max: 1000 });
const arbAtom: fc.Arbitrary<AtomSpec> = fc.record(
  { field: arbRaw, op: fc.constantFrom('eq' as const, 'ne' as const, 'lt' as const, 'ge' as const), value: arbRaw, other: arbRaw },
  { requiredKeys: ['field', 'op', 'value'] },
);
// 'inc' weighted up: counting round the loop is what makes a violation need several iterations.
const arbAssign: fc.Arbitrary<AssignSpec> = fc.record({
  field: arbRaw,
  kind: fc.constantFrom('inc' as const, 'inc' as const, 'inc' as const, 'const' as const, 'copy' as const),
  value: arbRaw,
  from: arbRaw,
});
// Half the instructions unguarded, so that loops keep going.
const arbInstruction: fc.Arbitrary<ActionSpec> = fc.record({
  guard: fc.oneof(fc.constant([]), fc.array(arbAtom, { maxLength: 1 })),
  effect: fc.array(arbAssign, { maxLength: 2 }),
});

/**
 * Small looping models: 2..4 shared fields of 1..3 bits, 1..3 threads of 1..3 instructions. An
 * instruction may only move its pc, so a thread can loop without touching anything (an invisible
 * cycle: what partial-order reduction's cycle proviso is for).
 */
export function arbLoopingSpec(): fc.Arbitrary<LoopingSpec> {
  return fc.record({
    sharedBits: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 4 }),
    wide: fc.boolean(),
    initial: fc.array(fc.array(fc.oneof(fc.constant(0), arbRaw), { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 2 }),
    threads: fc.array(fc.array(arbInstruction, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
  });
}

// Mostly `ne` and `lt` against a constant: true of a zeroed start, false once counting got far enough.
const arbInvariantAtom: fc.Arbitrary<AtomSpec> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ field: arbRaw, op: fc.constantFrom('ne' as const, 'lt' as const), value: fc.integer({ min: 1, max: 7 }) }) },
  { weight: 1, arbitrary: arbAtom },
);

/** 1..3 invariants: an atom, or `a ⇒ b`, over the visible fields. */
export function arbLoopingInvariants(): fc.Arbitrary<InvariantSpec[]> {
  return fc.array(fc.record({ atom: arbInvariantAtom, implies: arbInvariantAtom }, { requiredKeys: ['atom'] }), { minLength: 1, maxLength: 3 });
}
