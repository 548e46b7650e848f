/**
 * Stubborn (persistent) sets by closure (Valmari 1990; Godefroid, LNCS 1032, 1996), with visibility
 * (C2) and a cycle proviso (C3) that is sound for BFS and DFS alike. See anchors.md §3.
 *
 * Closure from a seed: for an enabled member, add every action dependent on it that can be enabled
 * together with it; for a disabled member, add a necessary enabling set (actions that may write a
 * guard field whose current value keeps it disabled). The fixpoint is persistent: no path of outside
 * actions can reach a step that interferes with an enabled member. Every enabled action is tried as
 * the seed and the set with the fewest enabled actions wins.
 *
 * Cycle proviso: the search marks a state closed when its expansion starts; if any successor chosen
 * here is closed, expand fully. On any cycle of reduced states, the predecessor of the state expanded
 * first would see it closed, so every cycle meets a full expansion (anchors.md §3, for BFS and DFS).
 *
 * No sleep sets: with a state store they prune transitions, not stored states, and they need a set
 * stored per state, which the stateless {@link Expander} has no place for. On the audit model the
 * reduced sets are rarely smaller than the enabled ones (see bench/por.ts), so there is little to prune.
 */
import type { FieldId, StateVector } from '../../model/layout.js';
import type { ActionId, Model } from '../../model/model.js';
import type { Invariant } from '../../invariants/invariant.js';
import type { Expander } from '../types.js';
import { bitsOf, hasBit, members, setBit, type Relations, computeRelations } from './relations.js';
import { computeGuardTable, mayCoEnable } from './guard-table.js';

/** Internal knobs, for tests and the benchmark; the defaults are the sound, reducing configuration. */
export interface StubbornOptions {
  /**
   * Cycle proviso C3: fall back to full expansion when a chosen successor is already closed.
   * Turning it off is unsound (it exists so a test can show that it is needed).
   */
  readonly proviso?: boolean;
  /** Use per-guard value tables for necessary enabling sets and co-enabledness. Default true. */
  readonly guardTables?: boolean;
}

/** One way to show a disabled action stays disabled: field `f` holds a value under which it never fires. */
interface NesChoice {
  readonly word: number;
  readonly shift: number;
  readonly mask: number;
  /** `possible[v] === 1` when the guard can hold with the field at `v`. */
  readonly possible: Uint8Array;
  /** Offset of the field's writers (a bit row of `words` words) in {@link Plan.fieldWriters}. */
  readonly row: number;
}

/** Bit rows over action ids, `words` words each, flat in one typed array per relation. */
interface Plan {
  readonly words: number;
  /** Row per action: dependent actions that may be enabled together with it. */
  readonly deps: Uint32Array;
  /** Row per field: the actions that may write it. */
  readonly fieldWriters: Uint32Array;
  /** Per action: candidate single-field enabling sets (one per tabulated guard field). */
  readonly nes: readonly (readonly NesChoice[])[];
  /** Row per action: writers of every guard field (always a valid enabling set). */
  readonly nesAll: Uint32Array;
  /** Per action: 1 if its guard can never hold (empty enabling set). */
  readonly never: Uint8Array;
  /** Row: actions that write a field a checked invariant reads. */
  readonly visible: Uint32Array;
  /** Per action: number of dependents, to order seeds. */
  readonly rank: Int32Array;
}

function plan(model: Model, rel: Relations, guardTables: boolean): Plan {
  const n = rel.n;
  const W = (n + 31) >>> 5;
  const guardFields = rel.guard.map((g) => members(g) as FieldId[]);
  const table = guardTables ? computeGuardTable(model, guardFields) : undefined;
  const deps = new Uint32Array(n * W);
  const nesAll = new Uint32Array(n * W);
  const fieldWriters = new Uint32Array(rel.writers.length * W);
  rel.writers.forEach((w, f) => fieldWriters.set(w, f * W));
  const visible = bitsOf(n);
  const rank = new Int32Array(n);
  const nes: NesChoice[][] = [];
  const never = new Uint8Array(n);
  for (let a = 0; a < n; a++) {
    if (rel.visible[a] === 1) setBit(visible, a);
    for (const b of members(rel.dep[a]!)) {
      if (b === a || (table !== undefined && !mayCoEnable(table, a, b))) continue;
      deps[a * W + (b >>> 5)] = (deps[a * W + (b >>> 5)]! | (1 << (b & 31))) >>> 0;
      rank[a]!++;
    }
    for (const f of guardFields[a]!) for (let w = 0; w < W; w++) nesAll[a * W + w] = (nesAll[a * W + w]! | rel.writers[f]![w]!) >>> 0;
    if (table !== undefined && table.satisfiable[a] === 0) never[a] = 1;
    const choices: NesChoice[] = [];
    for (const [f, possible] of table?.possible[a] ?? []) {
      const fd = model.layout.fields[f]!;
      choices.push({ word: fd.word, shift: fd.shift, mask: fd.max, possible, row: f * W });
    }
    nes.push(choices);
  }
  return { words: W, deps, fieldWriters, nes, nesAll, never, visible, rank };
}

/** Number of set bits in a 32-bit word. */
function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/**
 * The reduced expander for checking `invariants` (and deadlocks) on `model`. The relations are
 * computed once here; `select` runs for every state and allocates only its result.
 */
export function stubbornSets(model: Model, invariants: readonly Invariant[], options: StubbornOptions = {}): Expander {
  const rel = computeRelations(model, invariants);
  const p = plan(model, rel, options.guardTables ?? true);
  const proviso = options.proviso ?? true;
  const n = rel.n;
  const { words: W, deps, fieldWriters, nes, nesAll, never, visible, rank } = p;
  const enabledBits = bitsOf(n);
  const inSet = bitsOf(n);
  /** Members whose own additions are still to be made. */
  const pending = bitsOf(n);
  const bestSet = bitsOf(n);
  const order = new Int32Array(n);

  /** Cost of adding row `off` of `rows`: new enabled actions weigh `n`, new disabled ones 1. */
  const addCost = (rows: Uint32Array, off: number): number => {
    let cost = 0;
    for (let w = 0; w < W; w++) {
      const fresh = rows[off + w]! & ~inSet[w]!;
      if (fresh !== 0) cost += n * popcount(fresh & enabledBits[w]!) + popcount(fresh & ~enabledBits[w]!);
    }
    return cost;
  };

  /**
   * Closure from `seed`, in `inSet`; the number of enabled members, or -1 when it reaches a visible
   * enabled action or grows to `limit` enabled members (no better than what we have).
   */
  const closure = (s: StateVector, seed: number, limit: number): number => {
    inSet.fill(0);
    pending.fill(0);
    inSet[seed >>> 5] = pending[seed >>> 5] = 1 << (seed & 31);
    let count = 1;
    for (;;) {
      let u = -1;
      for (let w = 0; w < W; w++) {
        const x = pending[w]!;
        if (x !== 0) {
          const low = x & -x;
          pending[w] = x ^ low;
          u = (w << 5) + 31 - Math.clz32(low);
          break;
        }
      }
      if (u < 0) return count;
      let rows: Uint32Array;
      let off: number;
      if (((enabledBits[u >>> 5]! >>> (u & 31)) & 1) === 1) {
        rows = deps;
        off = u * W;
      } else {
        if (never[u] === 1) continue;
        // Any guard field holding a value under which `u` never fires gives a valid enabling set;
        // take the one adding the fewest enabled actions (then the fewest actions) to the closure.
        rows = nesAll;
        off = u * W;
        let bestCost = Infinity;
        const cs = nes[u]!;
        for (let i = 0; i < cs.length; i++) {
          const c = cs[i]!;
          if (c.possible[(s[c.word]! >>> c.shift) & c.mask] !== 0) continue;
          const cost = addCost(fieldWriters, c.row);
          if (cost < bestCost) {
            bestCost = cost;
            rows = fieldWriters;
            off = c.row;
            if (cost === 0) break;
          }
        }
      }
      for (let w = 0; w < W; w++) {
        const fresh = rows[off + w]! & ~inSet[w]!;
        if (fresh === 0) continue;
        inSet[w] = inSet[w]! | fresh;
        pending[w] = pending[w]! | fresh;
        const on = fresh & enabledBits[w]!;
        if (on === 0) continue;
        if ((on & visible[w]!) !== 0) return -1;
        count += popcount(on);
      }
      if (count >= limit) return -1;
    }
  };

  return {
    select(s, enabled, closed) {
      if (enabled.length <= 1) return enabled;
      enabledBits.fill(0);
      for (const a of enabled) enabledBits[a >>> 5] = enabledBits[a >>> 5]! | (1 << (a & 31));
      // Seeds with few static dependents first, so that a small set bounds the later closures early.
      let seeds = 0;
      for (const a of enabled) {
        if (hasBit(visible, a)) continue;
        let i = seeds++;
        for (; i > 0 && rank[order[i - 1]!]! > rank[a]!; i--) order[i] = order[i - 1]!;
        order[i] = a;
      }
      let best = enabled.length;
      for (let k = 0; k < seeds; k++) {
        const seed = order[k]!;
        const c = closure(s, seed, best);
        if (c > 0 && c < best) {
          best = c;
          bestSet.set(inSet);
          if (best === 1) break;
        }
      }
      if (best === enabled.length) return enabled;
      const out: ActionId[] = [];
      for (const a of enabled) if (hasBit(bestSet, a)) out.push(a);
      if (proviso) for (const a of out) if (closed(a)) return enabled;
      return out;
    },
  };
}
