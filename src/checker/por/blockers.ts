/**
 * Why reduction fails, measured: on sample states, for every invisible enabled seed, the first edge
 * of its closure that pulls in a second enabled step ("system_call -same thread-> schedule",
 * "set_tsk_thread_flag -enables via auditctl.pc-> audit_add_rule"). Tallied over the samples, the top
 * lines name the dependencies a model would have to loosen for stubborn sets to get smaller.
 * A diagnostic (slow, allocating); it mirrors the closure of stubborn.ts.
 */
import type { FieldId, StateVector } from '../../model/layout.js';
import type { Model } from '../../model/model.js';
import type { Invariant } from '../../invariants/invariant.js';
import { computeRelations, hasBit, members } from './relations.js';
import { computeGuardTable, mayCoEnable } from './guard-table.js';

/** Edges that block reduction, most frequent first, with counts (`seeds` is every seed tried). */
export interface Blockers {
  readonly seeds: number;
  /** Seeds whose closure kept a single enabled step. */
  readonly alone: number;
  /** Seeds that are visible themselves, by kind. */
  readonly visible: ReadonlyMap<string, number>;
  readonly edges: readonly { readonly edge: string; readonly count: number }[];
}

export function porBlockers(model: Model, invariants: readonly Invariant[], states: readonly StateVector[]): Blockers {
  const rel = computeRelations(model, invariants);
  const table = computeGuardTable(model, rel.guard.map((g) => members(g) as FieldId[]));
  const numbered = model.threadNames.filter((t) => /^[A-Za-z_]+\d+$/.test(t)).map((t) => t.replace(/\d+$/, ''));
  const fold = (name: string): string =>
    numbered.length === 0 ? name : name.replace(new RegExp(`(?<![A-Za-z0-9_])(${numbered.join('|')})\\d+(?![A-Za-z0-9_])`, 'g'), '$1*');
  const kind = (a: number): string => model.actions[a]!.label ?? model.actions[a]!.name;
  const fieldsOf = (xs: number[]): string => [...new Set(xs.map((f) => fold(model.layout.fields[f]!.name)))].join('/');
  const tally = new Map<string, number>();
  const visible = new Map<string, number>();
  let seeds = 0;
  let alone = 0;
  for (const s of states) {
    const enabled = new Set(model.actions.flatMap((a, i) => (a.enabled(s) ? [i] : [])));
    if (enabled.size < 2) continue;
    for (const seed of enabled) {
      seeds++;
      if (rel.visible[seed] === 1) {
        visible.set(kind(seed), (visible.get(kind(seed)) ?? 0) + 1);
        continue;
      }
      const inSet = new Set([seed]);
      const stack = [seed];
      let found: string | undefined;
      while (stack.length > 0 && found === undefined) {
        const u = stack.pop()!;
        let adds: { v: number; why: string }[] = [];
        if (enabled.has(u)) {
          for (const v of members(rel.dep[u]!)) {
            if (v === u || !mayCoEnable(table, u, v)) continue;
            const same = model.actions[u]!.thread === model.actions[v]!.thread;
            const shared = members(rel.writes[u]!).filter((f) => hasBit(rel.reads[v]!, f) || hasBit(rel.writes[v]!, f))
              .concat(members(rel.reads[u]!).filter((f) => hasBit(rel.writes[v]!, f)));
            adds.push({ v, why: same ? 'same thread' : `shares ${fieldsOf(shared)}` });
          }
        } else if (table.satisfiable[u] === 1) {
          let best: { ws: number[]; f: number } | undefined;
          let bestCost = Infinity;
          for (const [f, possible] of table.possible[u] ?? []) {
            if (possible[model.layout.get(s, f)] !== 0) continue;
            const ws = members(rel.writers[f]!);
            const cost = ws.filter((w) => !inSet.has(w)).reduce((c, w) => c + (enabled.has(w) ? rel.n : 1), 0);
            if (cost < bestCost) [best, bestCost] = [{ ws, f }, cost];
          }
          const ws = best?.ws ?? members(rel.guard[u]!).flatMap((f) => members(rel.writers[f]!));
          const via = best === undefined ? 'any guard field' : fieldsOf([best.f]);
          adds = ws.map((v) => ({ v, why: `may enable it via ${via}` }));
        }
        for (const { v, why } of adds) {
          if (inSet.has(v)) continue;
          inSet.add(v);
          stack.push(v);
          if (enabled.has(v)) {
            found = `${kind(u)}${enabled.has(u) ? '' : ' (disabled)'} -${why}-> ${kind(v)}`;
            break;
          }
        }
      }
      if (found === undefined) alone++;
      else tally.set(found, (tally.get(found) ?? 0) + 1);
    }
  }
  const edges = [...tally].sort((a, b) => b[1] - a[1]).map(([edge, count]) => ({ edge, count }));
  return { seeds, alone, visible, edges };
}
