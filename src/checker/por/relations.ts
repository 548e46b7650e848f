/**
 * Static relations between actions, computed once from declared footprints (LTSmin's read/write
 * dependency matrices): which actions are dependent, which may write each field, which are visible.
 * Everything here is over-approximate in the safe direction: more dependence, more visibility.
 */
import type { FieldId } from '../../model/layout.js';
import type { Model } from '../../model/model.js';
import type { Invariant } from '../../invariants/invariant.js';

/** A fixed-size set of small integers in 32-bit words. */
export type Bits = Uint32Array;

export function bitsOf(size: number): Bits {
  return new Uint32Array((size + 31) >>> 5);
}
export function hasBit(b: Bits, i: number): boolean {
  return ((b[i >>> 5]! >>> (i & 31)) & 1) === 1;
}
export function setBit(b: Bits, i: number): void {
  b[i >>> 5] = (b[i >>> 5]! | (1 << (i & 31))) >>> 0;
}
export function intersects(a: Bits, b: Bits): boolean {
  for (let w = 0; w < a.length; w++) if ((a[w]! & b[w]!) !== 0) return true;
  return false;
}
/** Members of `b` in increasing order. */
export function members(b: Bits): number[] {
  const out: number[] = [];
  for (let w = 0; w < b.length; w++) {
    let x = b[w]!;
    while (x !== 0) {
      const low = x & -x;
      out.push((w << 5) + 31 - Math.clz32(low));
      x = (x ^ low) >>> 0;
    }
  }
  return out;
}

function fieldBits(model: Model, fields: readonly FieldId[], what: string): Bits {
  const n = model.layout.fields.length;
  const b = bitsOf(n);
  for (const f of fields) {
    if (!(f >= 0 && f < n)) throw new RangeError(`${model.name}: ${what} names unknown field ${f}`);
    setBit(b, f);
  }
  return b;
}

export interface Relations {
  /** Number of actions. */
  readonly n: number;
  /** Per action: fields read (guard and effect), written, read by the guard. */
  readonly reads: readonly Bits[];
  readonly writes: readonly Bits[];
  readonly guard: readonly Bits[];
  /** Per field: the actions that may write it. */
  readonly writers: readonly Bits[];
  /** Row-major n×n bit matrix: `dependent(a, b)`. Symmetric; the diagonal is set. */
  readonly dep: readonly Bits[];
  /** Per action: writes a field some checked invariant reads. */
  readonly visible: Uint8Array;
  /** Fields read by some checked invariant. */
  readonly observed: Bits;
}

/**
 * Dependent: same thread (always), or one writes a field the other reads or writes. Reads include
 * the guard, so "may enable or disable" is covered by the same test.
 */
export function computeRelations(model: Model, invariants: readonly Invariant[]): Relations {
  const acts = model.actions;
  const n = acts.length;
  const nf = model.layout.fields.length;
  const reads = acts.map((a) => fieldBits(model, [...a.footprint.reads, ...(a.footprint.guard ?? [])], `${a.name} reads`));
  const writes = acts.map((a) => fieldBits(model, a.footprint.writes, `${a.name} writes`));
  const guard = acts.map((a) => fieldBits(model, a.footprint.guard ?? a.footprint.reads, `${a.name} guard`));
  const writers: Bits[] = [];
  for (let f = 0; f < nf; f++) {
    const w = bitsOf(n);
    for (let a = 0; a < n; a++) if (hasBit(writes[a]!, f)) setBit(w, a);
    writers.push(w);
  }
  const dep: Bits[] = [];
  for (let a = 0; a < n; a++) dep.push(bitsOf(n));
  for (let a = 0; a < n; a++) {
    for (let b = a; b < n; b++) {
      const d =
        a === b ||
        acts[a]!.thread === acts[b]!.thread ||
        intersects(writes[a]!, reads[b]!) ||
        intersects(writes[b]!, reads[a]!) ||
        intersects(writes[a]!, writes[b]!);
      if (d) {
        setBit(dep[a]!, b);
        setBit(dep[b]!, a);
      }
    }
  }
  const observed = bitsOf(nf);
  for (const inv of invariants) for (const f of inv.reads) {
    if (!(f >= 0 && f < nf)) throw new RangeError(`invariant ${inv.name} reads unknown field ${f}`);
    setBit(observed, f);
  }
  const visible = new Uint8Array(n);
  for (let a = 0; a < n; a++) visible[a] = intersects(writes[a]!, observed) ? 1 : 0;
  return { n, reads, writes, guard, writers, dep, visible, observed };
}
