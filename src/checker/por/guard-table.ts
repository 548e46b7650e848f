/**
 * What each guard can tell us, found once by evaluating it over every valuation of the fields it
 * reads (when that product is small). For action `a` and guard field `f`, `possible[a][f]` marks the
 * values of `f` under which `a` can be enabled at all. Two uses:
 * - a disabled action whose field `f` holds an impossible value stays disabled until `f` changes, so
 *   the writers of `f` alone are a necessary enabling set (LTSmin's guard-based NES, one field deep);
 * - two actions whose possible values of a shared guard field are disjoint are never co-enabled
 *   (e.g. two steps of one thread at different program points), so neither needs the other in its
 *   stubborn set.
 * Unknown tables (product too large) are `undefined` and mean "any value possible", the safe side.
 */
import type { FieldId } from '../../model/layout.js';
import type { Model } from '../../model/model.js';

/** Valuations evaluated per action, and in total, before giving up (giving up only loses reduction). */
const PER_ACTION = 1 << 16;
const TOTAL = 1 << 23;

export interface GuardTable {
  /** Per action, per field id: values of that field under which the guard can hold, or undefined. */
  readonly possible: readonly (ReadonlyMap<FieldId, Uint8Array> | undefined)[];
  /** Per action: 0 if the guard holds in no valuation (never enabled), else 1; 1 when unknown. */
  readonly satisfiable: Uint8Array;
}

export function computeGuardTable(model: Model, guardFields: readonly (readonly FieldId[])[]): GuardTable {
  const { layout } = model;
  let budget = TOTAL;
  const satisfiable = new Uint8Array(model.actions.length).fill(1);
  const possible = model.actions.map((action, a) => {
    const fs = [...new Set(guardFields[a]!)];
    const sizes = fs.map((f) => layout.fields[f]!.max + 1);
    const total = sizes.reduce((p, m) => p * m, 1);
    if (total > PER_ACTION || total > budget) return undefined;
    budget -= total;
    const proj = sizes.map((m) => new Uint8Array(m));
    const vals = new Array<number>(fs.length).fill(0);
    const s = layout.zero();
    let any = false;
    for (let k = 0; k < total; k++) {
      let ok: boolean;
      try {
        ok = action.enabled(s);
      } catch {
        ok = true; // a guard that throws on an unreachable valuation proves nothing
      }
      if (ok) {
        any = true;
        for (let i = 0; i < fs.length; i++) proj[i]![vals[i]!] = 1;
      }
      // odometer over the guard fields
      for (let i = 0; i < fs.length; i++) {
        if (vals[i]! + 1 < sizes[i]!) {
          vals[i]!++;
          layout.set(s, fs[i]!, vals[i]!);
          break;
        }
        vals[i] = 0;
        layout.set(s, fs[i]!, 0);
      }
    }
    if (!any) satisfiable[a] = 0;
    return new Map(fs.map((f, i) => [f, proj[i]!] as const));
  });
  return { possible, satisfiable };
}

/** False only when `a` and `b` provably never hold their guards in the same state. */
export function mayCoEnable(t: GuardTable, a: number, b: number): boolean {
  if (t.satisfiable[a] === 0 || t.satisfiable[b] === 0) return false;
  const pa = t.possible[a];
  const pb = t.possible[b];
  if (pa === undefined || pb === undefined) return true;
  for (const [f, va] of pa) {
    const vb = pb.get(f);
    if (vb === undefined) continue;
    let overlap = false;
    for (let v = 0; v < va.length; v++) {
      if (va[v] === 1 && vb[v] === 1) {
        overlap = true;
        break;
      }
    }
    if (!overlap) return false;
  }
  return true;
}
