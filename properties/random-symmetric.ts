/**
 * Random small models with declared symmetric threads, for property tests of symmetry reduction.
 *
 * `copies` threads run the same program over their own local fields and the shared fields; an
 * optional extra thread touches shared fields only. Every invariant and the valid-end test quantify
 * over all copies (for all / there is one), so renaming copies maps the model onto itself, and
 * `symmetry.canonicalize` sorts the copies' records. Initial states are random (not symmetric):
 * the reduction must not care. Specs are plain data so fast-check can print and shrink them and
 * worker threads can rebuild them (protocol `random-symmetric`).
 */
import fc from 'fast-check';
import { Layout, type FieldId, type FieldSpec, type StateVector } from '../src/model/layout.js';
import type { Action, Model, Symmetry } from '../src/model/model.js';
import type { Invariant } from '../src/invariants/invariant.js';
import { registerSpecProtocol } from './random-protocol.js';

/** A field of the template: a local of the copy running it, or a shared field. */
export interface Ref {
  readonly local: boolean;
  readonly index: number;
}

export interface Atom {
  readonly ref: Ref;
  readonly op: 'eq' | 'ne' | 'lt';
  readonly value: number;
}

export interface Assign {
  readonly ref: Ref;
  readonly kind: 'const' | 'copy' | 'inc';
  readonly value: number;
  readonly from: Ref;
}

export interface Step {
  readonly guard: readonly Atom[];
  readonly effect: readonly Assign[];
}

export interface SymmetricSpec {
  readonly copies: number;
  readonly localBits: readonly number[];
  readonly sharedBits: readonly number[];
  readonly program: readonly Step[];
  /** Steps of a thread over shared fields only (its locals are never read). */
  readonly other: readonly Step[];
  /** Raw values, masked per field at build time. */
  readonly initial: readonly (readonly number[])[];
  /** Valid end: every copy satisfies this (absent: every state without successors is valid). */
  readonly validEnd?: Atom;
}

/** `forall`/`exists` copies: `atom`, or `atom ⇒ then`. */
export interface SymmetricInvariant {
  readonly quantifier: 'forall' | 'exists';
  readonly atom: Atom;
  readonly then?: Atom;
}

export interface SymmetricModel extends Model {
  readonly symmetry: Symmetry;
  readonly spec: SymmetricSpec;
}

const raw = fc.nat({ max: 1000 });
const arbRef = fc.record({ local: fc.boolean(), index: raw });
const arbAtom: fc.Arbitrary<Atom> = fc.record({ ref: arbRef, op: fc.constantFrom('eq', 'ne', 'lt'), value: raw });
const arbAssign: fc.Arbitrary<Assign> = fc.record({ ref: arbRef, kind: fc.constantFrom('const', 'copy', 'inc'), value: raw, from: arbRef });
const arbStep: fc.Arbitrary<Step> = fc.record({ guard: fc.array(arbAtom, { maxLength: 2 }), effect: fc.array(arbAssign, { minLength: 1, maxLength: 2 }) });

export function arbSymmetricSpec(): fc.Arbitrary<SymmetricSpec> {
  return fc.record(
    {
      copies: fc.integer({ min: 2, max: 3 }),
      localBits: fc.array(fc.integer({ min: 1, max: 2 }), { minLength: 1, maxLength: 2 }),
      sharedBits: fc.array(fc.integer({ min: 1, max: 2 }), { minLength: 1, maxLength: 2 }),
      program: fc.array(arbStep, { minLength: 1, maxLength: 3 }),
      other: fc.array(arbStep, { maxLength: 2 }),
      initial: fc.array(fc.array(raw, { minLength: 8, maxLength: 8 }), { minLength: 1, maxLength: 2 }),
      validEnd: arbAtom,
    },
    { requiredKeys: ['copies', 'localBits', 'sharedBits', 'program', 'other', 'initial'] },
  );
}

export function arbSymmetricInvariants(): fc.Arbitrary<SymmetricInvariant[]> {
  return fc.array(fc.record({ quantifier: fc.constantFrom('forall', 'exists'), atom: arbAtom, then: arbAtom }, { requiredKeys: ['quantifier', 'atom'] }), {
    minLength: 1,
    maxLength: 3,
  });
}

interface Built {
  readonly layout: Layout;
  /** Field of `ref` for copy `c` (the extra thread reads shared refs only: locals map to shared 0). */
  field(ref: Ref, c: number): FieldId;
  readonly max: (f: FieldId) => number;
}

function layoutOf(spec: SymmetricSpec): Built {
  const specs: FieldSpec[] = spec.sharedBits.map((bits, i) => ({ name: `g${i}`, bits }));
  for (let c = 0; c < spec.copies; c++) spec.localBits.forEach((bits, j) => specs.push({ name: `P${c}.l${j}`, bits }));
  const layout = new Layout(specs);
  const S = spec.sharedBits.length;
  const L = spec.localBits.length;
  return {
    layout,
    field: (ref, c) => (ref.local && c >= 0 ? S + c * L + (ref.index % L) : ref.index % S) as FieldId,
    max: (f) => layout.fields[f]!.max,
  };
}

function holdsAtom(b: Built, a: Atom, c: number, s: StateVector): boolean {
  const f = b.field(a.ref, c);
  const x = b.layout.get(s, f);
  const v = a.value % (b.max(f) + 1);
  return a.op === 'eq' ? x === v : a.op === 'ne' ? x !== v : x < v;
}

function action(b: Built, step: Step, c: number, thread: number, name: string): Action {
  const reads = new Set<FieldId>();
  step.guard.forEach((a) => reads.add(b.field(a.ref, c)));
  step.effect.forEach((e) => e.kind !== 'const' && reads.add(b.field(e.kind === 'copy' ? e.from : e.ref, c)));
  const writes = [...new Set(step.effect.map((e) => b.field(e.ref, c)))];
  return {
    name,
    thread,
    footprint: { reads: [...reads], writes, guard: [...new Set(step.guard.map((a) => b.field(a.ref, c)))] },
    enabled: (s) => step.guard.every((a) => holdsAtom(b, a, c, s)),
    apply(s, next) {
      for (const e of step.effect) {
        const f = b.field(e.ref, c);
        const m = b.max(f);
        const v = e.kind === 'const' ? e.value : e.kind === 'copy' ? b.layout.get(s, b.field(e.from, c)) : b.layout.get(s, f) + 1;
        b.layout.set(next, f, v % (m + 1));
      }
    },
  };
}

function sortCopies(spec: SymmetricSpec, b: Built): Symmetry['canonicalize'] {
  const L = spec.localBits.length;
  const fields = Array.from({ length: spec.copies }, (_x, c) => Array.from({ length: L }, (_y, j) => b.field({ local: true, index: j }, c)));
  return (s, out) => {
    const records = fields.map((fs) => fs.map((f) => b.layout.get(s, f)));
    records.sort((x, y) => {
      for (let j = 0; j < L; j++) if (x[j] !== y[j]) return x[j]! - y[j]!;
      return 0;
    });
    if (out !== s) out.set(s);
    records.forEach((r, c) => r.forEach((v, j) => b.layout.set(out, fields[c]![j]!, v)));
  };
}

export function buildSymmetric(spec: SymmetricSpec): SymmetricModel {
  const b = layoutOf(spec);
  const actions: Action[] = [];
  const orbit: number[] = [];
  for (let c = 0; c < spec.copies; c++) {
    spec.program.forEach((step, k) => {
      orbit.push(k);
      actions.push(action(b, step, c, c, `P${c}: step${k}`));
    });
  }
  spec.other.forEach((step, k) => {
    orbit.push(actions.length);
    actions.push(action(b, step, -1, spec.copies, `Q: step${k}`));
  });
  const initialStates = spec.initial.map((vals) => {
    const s = b.layout.zero();
    b.layout.fields.forEach((f, i) => b.layout.set(s, f.id, vals[i % vals.length]! % (f.max + 1)));
    return s;
  });
  const all = (a: Atom) => (s: StateVector) => Array.from({ length: spec.copies }, (_x, c) => c).every((c) => holdsAtom(b, a, c, s));
  return {
    name: 'random-symmetric',
    spec,
    layout: b.layout,
    initialStates,
    actions,
    threadNames: [...Array.from({ length: spec.copies }, (_x, c) => `P${c}`), 'Q'],
    ...(spec.validEnd === undefined ? {} : { isValidEnd: all(spec.validEnd) }),
    symmetry: { description: `copies P0..P${spec.copies - 1}`, canonicalize: sortCopies(spec, b), actionOrbit: orbit },
  };
}

export function buildSymmetricInvariants(model: SymmetricModel, specs: readonly SymmetricInvariant[]): Invariant[] {
  const b = layoutOf(model.spec);
  const copies = Array.from({ length: model.spec.copies }, (_x, c) => c);
  return specs.map((inv, i) => {
    const one = (c: number, s: StateVector) => !holdsAtom(b, inv.atom, c, s) || (inv.then !== undefined && holdsAtom(b, inv.then, c, s));
    const holds = inv.quantifier === 'forall' ? (s: StateVector) => copies.every((c) => one(c, s)) : (s: StateVector) => copies.some((c) => one(c, s));
    return { name: `inv${i}`, summary: `${inv.quantifier} copies`, reads: b.layout.fields.map((f) => f.id), holds };
  });
}

export const SYMMETRIC_PROTOCOL = 'random-symmetric';
export const SYMMETRIC_MODULE = import.meta.url;

registerSpecProtocol(SYMMETRIC_PROTOCOL, buildSymmetric, buildSymmetricInvariants);
