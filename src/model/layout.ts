/**
 * Fixed-width packed state vectors (LTSmin PINS style): every state of a model is the same number of
 * 32-bit words, and each named field is a small unsigned integer at a fixed bit position in one word.
 *
 * One declaration serves packing, footprints for partial-order reduction, and trace printing.
 * States are immutable by convention: the engine never mutates a state it has handed out; a step writes
 * its effect into a fresh copy (see {@link Action.apply}).
 */

/** Index of a field in its layout. */
export type FieldId = number & { readonly __brand: 'FieldId' };

/** A packed state as the engine and invariants see it: never written through this type. */
export type StateVector = Readonly<Uint32Array>;

export interface FieldSpec {
  /** Dotted name shown in traces, e.g. `T0.TIF_SYSCALL_AUDIT` or `audit_n_rules`. */
  readonly name: string;
  /** Width in bits, 1..32. The field holds 0 .. 2^bits - 1. */
  readonly bits: number;
}

export interface Field extends FieldSpec {
  readonly id: FieldId;
  readonly word: number;
  readonly shift: number;
  /** Largest value the field can hold. */
  readonly max: number;
}

export class Layout {
  readonly fields: readonly Field[];
  /** Number of 32-bit words in every state. */
  readonly words: number;
  readonly #byName: ReadonlyMap<string, Field>;

  constructor(specs: readonly FieldSpec[]) {
    const fields: Field[] = [];
    const byName = new Map<string, Field>();
    let word = 0;
    let used = 0;
    for (const spec of specs) {
      if (!Number.isInteger(spec.bits) || spec.bits < 1 || spec.bits > 32) {
        throw new RangeError(`field ${spec.name}: width must be 1..32 bits, got ${spec.bits}`);
      }
      if (byName.has(spec.name)) throw new RangeError(`field ${spec.name} declared twice`);
      // Fields never straddle words, so get/set are one shift and one mask.
      if (used + spec.bits > 32) {
        word++;
        used = 0;
      }
      const field: Field = {
        name: spec.name,
        bits: spec.bits,
        id: fields.length as FieldId,
        word,
        shift: used,
        max: spec.bits === 32 ? 0xffffffff : (1 << spec.bits) - 1 >>> 0,
      };
      fields.push(field);
      byName.set(spec.name, field);
      used += spec.bits;
    }
    this.fields = fields;
    this.words = fields.length === 0 ? 0 : word + 1;
    this.#byName = byName;
  }

  /** The field called `name`; throws if there is none (a model bug, found at construction). */
  field(name: string): FieldId {
    const f = this.#byName.get(name);
    if (f === undefined) throw new RangeError(`no field named ${name}`);
    return f.id;
  }

  has(name: string): boolean {
    return this.#byName.has(name);
  }

  get(s: StateVector, id: FieldId): number {
    const f = this.fields[id]!;
    return ((s[f.word]! >>> f.shift) & f.max) >>> 0;
  }

  /** Writes `value` into the mutable vector `s`. Out-of-range values are model bugs and throw. */
  set(s: Uint32Array, id: FieldId, value: number): void {
    const f = this.fields[id]!;
    if (!(value >= 0 && value <= f.max && Number.isInteger(value))) {
      throw new RangeError(`field ${f.name}: value ${value} does not fit in ${f.bits} bits`);
    }
    const mask = (f.max << f.shift) >>> 0;
    s[f.word] = ((s[f.word]! & ~mask) | (value << f.shift)) >>> 0;
  }

  /** Copy-on-write update: returns a new vector; `s` is untouched. */
  with(s: StateVector, id: FieldId, value: number): Uint32Array {
    const next = Uint32Array.from(s);
    this.set(next, id, value);
    return next;
  }

  /** A state with every field 0. */
  zero(): Uint32Array {
    return new Uint32Array(this.words);
  }

  /** Decoded for reports (never on the search's hot path). */
  describe(s: StateVector): ReadonlyMap<string, number> {
    const out = new Map<string, number>();
    for (const f of this.fields) out.set(f.name, this.get(s, f.id));
    return out;
  }
}
