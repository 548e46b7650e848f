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
import { bitsOf, hasBit, members, type Relations, computeRelations } from './relations.js';
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
  readonly writers: Int32Array;
}

interface Plan {
  /** Per action: dependent actions that may be enabled together with it. */
  readonly deps: readonly Int32Array[];
  /** Per action: candidate single-field enabling sets (one per guard field). */
  readonly nes: readonly (readonly NesChoice[])[];
  /** Per action: writers of every guard field (always a valid enabling set). */
  readonly nesAll: readonly Int32Array[];
  /** Per action: 1 if its guard can never hold (empty enabling set). */
  readonly never: Uint8Array;
  readonly visible: Uint8Array;
}

function plan(model: Model, rel: Relations, guardTables: boolean): Plan {
  const n = rel.n;
  const guardFields = rel.guard.map((g) => members(g) as FieldId[]);
  const table = guardTables ? computeGuardTable(model, guardFields) : undefined;
  const writersOf = rel.writers.map((w) => Int32Array.from(members(w)));
  const deps: Int32Array[] = [];
  const nes: NesChoice[][] = [];
  const nesAll: Int32Array[] = [];
  const never = new Uint8Array(n);
  for (let a = 0; a < n; a++) {
    deps.push(
      Int32Array.from(members(rel.dep[a]!).filter((b) => b !== a && (table === undefined || mayCoEnable(table, a, b)))),
    );
    const all = bitsOf(n);
    for (const f of guardFields[a]!) for (let w = 0; w < all.length; w++) all[w] = (all[w]! | rel.writers[f]![w]!) >>> 0;
    nesAll.push(Int32Array.from(members(all)));
    const choices: NesChoice[] = [];
    const poss = table?.possible[a];
    if (table !== undefined && table.satisfiable[a] === 0) never[a] = 1;
    if (poss !== undefined) {
      for (const [f, possible] of poss) {
        const fd = model.layout.fields[f]!;
        choices.push({ word: fd.word, shift: fd.shift, mask: fd.max, possible, writers: writersOf[f]! });
      }
    }
    nes.push(choices);
  }
  return { deps, nes, nesAll, never, visible: rel.visible };
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
  const enabledBits = bitsOf(n);
  const inSet = bitsOf(n);
  const bestSet = bitsOf(n);
  const stack = new Int32Array(n);
  const order = new Int32Array(n);
  const { deps, nes, nesAll, never, visible } = p;
  const rank = Int32Array.from(deps, (d) => d.length);

  /** Adds `v` to the closure; returns 1 if it is a new enabled member, `n` if it is also visible. */
  let sp = 0;
  const add = (v: number): number => {
    const w = v >>> 5;
    const bit = 1 << (v & 31);
    if ((inSet[w]! & bit) !== 0) return 0;
    inSet[w] = inSet[w]! | bit;
    stack[sp++] = v;
    return (enabledBits[w]! & bit) === 0 ? 0 : visible[v] === 1 ? n : 1;
  };

  /** What adding `ws` would cost: new enabled actions weigh `n`, new disabled ones 1; stops past `limit`. */
  const addCost = (ws: Int32Array, limit: number): number => {
    let cost = 0;
    for (let i = 0; i < ws.length && cost < limit; i++) {
      const v = ws[i]!;
      const w = v >>> 5;
      const bit = 1 << (v & 31);
      if ((inSet[w]! & bit) === 0) cost += (enabledBits[w]! & bit) !== 0 ? n : 1;
    }
    return cost;
  };

  /**
   * Closure from `seed`; the number of enabled members, or -1 when it reaches a visible enabled
   * action or grows to `limit` enabled members (no better than what we have).
   */
  const closure = (s: StateVector, seed: number, limit: number): number => {
    inSet.fill(0);
    sp = 0;
    let count = add(seed);
    while (sp > 0) {
      if (count >= limit) return -1; // a visible member counts as n, more than any limit
      const u = stack[--sp]!;
      if (hasBit(enabledBits, u)) {
        const d = deps[u]!;
        for (let i = 0; i < d.length; i++) count += add(d[i]!);
      } else {
        if (never[u] === 1) continue;
        // Any guard field holding a value under which `u` never fires gives a valid enabling set;
        // take the one adding the fewest enabled actions (then the fewest actions) to the closure.
        let chosen: Int32Array = nesAll[u]!;
        let bestCost = Infinity;
        const cs = nes[u]!;
        for (let i = 0; i < cs.length; i++) {
          const c = cs[i]!;
          if (c.possible[(s[c.word]! >>> c.shift) & c.mask] !== 0) continue;
          const cost = addCost(c.writers, bestCost);
          if (cost < bestCost) {
            bestCost = cost;
            chosen = c.writers;
            if (cost === 0) break;
          }
        }
        for (let i = 0; i < chosen.length; i++) count += add(chosen[i]!);
      }
    }
    return count < limit ? count : -1;
  };

  return {
    select(s, enabled, closed) {
      if (enabled.length <= 1) return enabled;
      enabledBits.fill(0);
      for (const a of enabled) enabledBits[a >>> 5] = enabledBits[a >>> 5]! | (1 << (a & 31));
      // Seeds with few static dependents first, so that a small set bounds the later closures early.
      let seeds = 0;
      for (const a of enabled) {
        if (visible[a] === 1) continue;
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
