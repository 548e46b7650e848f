/**
 * A readable account of the relations partial-order reduction computes from the footprints, so a
 * reviewer can audit them (`audit-check check --explain-por`). Actions are grouped into kinds by
 * their label (the same step on every thread is one kind); field names have thread numbers folded
 * (`T0.pc`, `T1.pc` → `T*.pc`) so one line covers every thread.
 */
import type { FieldId } from '../../model/layout.js';
import type { Model } from '../../model/model.js';
import type { Invariant } from '../../invariants/invariant.js';
import { type Bits, hasBit, members, computeRelations } from './relations.js';
import { computeGuardTable, mayCoEnable } from './guard-table.js';
import { porBlockers } from './blockers.js';
import { randomReachable, rngFrom } from './honesty.js';

/** Folds numbered thread names inside field names: with threads `T0`, `T1`, `T0.pc` → `T*.pc`. */
function folder(model: Model): (name: string) => string {
  const numbered = model.threadNames.filter((t) => /^[A-Za-z_]+\d+$/.test(t));
  if (numbered.length === 0) return (name) => name;
  const re = new RegExp(`(?<![A-Za-z0-9_])(${numbered.map((t) => t.replace(/\d+$/, '')).join('|')})\\d+(?![A-Za-z0-9_])`, 'g');
  return (name) => name.replace(re, '$1*');
}

const kindOf = (m: Model, a: number): string => m.actions[a]!.label ?? m.actions[a]!.name;

function common(model: Model, fold: (n: string) => string, x: Bits, y: Bits): string[] {
  const out: string[] = [];
  for (const f of members(x)) if (hasBit(y, f)) out.push(fold(model.layout.fields[f]!.name));
  return out;
}

interface PairInfo {
  pairs: number;
  dependent: number;
  neverCoEnabled: number;
  readonly why: Set<string>;
}

/**
 * The dependency relation per pair of action kinds (across threads), the visible steps and why,
 * and the steps whose guards the reduction can see through. Multi-line text ending in a newline.
 */
export function explainPor(model: Model, invariants: readonly Invariant[] = []): string {
  const rel = computeRelations(model, invariants);
  const fold = folder(model);
  const table = computeGuardTable(model, rel.guard.map((g) => members(g) as FieldId[]));
  const kinds = [...new Set(model.actions.map((_, a) => kindOf(model, a)))];
  const lines: string[] = [];
  const threads = new Set(model.actions.map((a) => a.thread)).size;
  lines.push(`Partial-order reduction for ${model.name}: ${rel.n} actions of ${kinds.length} kinds on ${threads} threads.`);
  lines.push('Steps of one thread are always dependent. Across threads, two steps are dependent when one may');
  lines.push('write a field the other reads or writes (guards included); "w>r f" means the first writes f, the second reads it.');
  lines.push('');

  lines.push(invariants.length === 0 ? 'No invariants checked: no step is visible.' : 'Checked invariants and the fields they read:');
  for (const inv of invariants) lines.push(`  ${inv.name}: ${inv.reads.map((f) => model.layout.fields[f]!.name).join(', ') || '(nothing)'}`);
  const visibleKinds = new Map<string, Set<string>>();
  for (let a = 0; a < rel.n; a++) {
    if (rel.visible[a] !== 1) continue;
    const why = visibleKinds.get(kindOf(model, a)) ?? new Set<string>();
    for (const f of common(model, fold, rel.writes[a]!, rel.observed)) {
      const readers = invariants.filter((i) => i.reads.some((r) => fold(model.layout.fields[r]!.name) === f)).map((i) => i.name);
      why.add(`${f} (read by ${readers.join(', ')})`);
    }
    visibleKinds.set(kindOf(model, a), why);
  }
  if (invariants.length > 0) {
    lines.push(`Visible steps (write a field an invariant reads; a reduced set never contains one): ${visibleKinds.size === 0 ? 'none' : ''}`);
    for (const [k, why] of visibleKinds) lines.push(`  ${k}: writes ${[...why].join('; ')}`);
    const invisible = kinds.filter((k) => !visibleKinds.has(k));
    lines.push(`Invisible kinds: ${invisible.length === 0 ? 'none (no reduction is possible)' : invisible.join(', ')}`);
  }
  lines.push('');

  const info = new Map<string, PairInfo>();
  for (let a = 0; a < rel.n; a++) {
    for (let b = a + 1; b < rel.n; b++) {
      if (model.actions[a]!.thread === model.actions[b]!.thread) continue;
      let [ka, kb, x, y] = [kindOf(model, a), kindOf(model, b), a, b];
      if (kinds.indexOf(ka) > kinds.indexOf(kb)) [ka, kb, x, y] = [kb, ka, b, a];
      const key = `${ka}\u0000${kb}`;
      const p = info.get(key) ?? { pairs: 0, dependent: 0, neverCoEnabled: 0, why: new Set<string>() };
      info.set(key, p);
      p.pairs++;
      if (!hasBit(rel.dep[x]!, y)) continue;
      p.dependent++;
      if (!mayCoEnable(table, x, y)) p.neverCoEnabled++;
      for (const f of common(model, fold, rel.writes[x]!, rel.reads[y]!)) p.why.add(`w>r ${f}`);
      for (const f of common(model, fold, rel.reads[x]!, rel.writes[y]!)) p.why.add(`r<w ${f}`);
      for (const f of common(model, fold, rel.writes[x]!, rel.writes[y]!)) p.why.add(`w/w ${f}`);
    }
  }
  const independent = new Map<string, string[]>();
  const note = (a: string, b: string): void => {
    const list = independent.get(a) ?? [];
    list.push(b);
    independent.set(a, list);
  };
  lines.push('Dependent kinds across threads:');
  for (const [key, p] of info) {
    const [ka, kb] = key.split('\u0000') as [string, string];
    if (p.dependent === 0) {
      note(ka, kb);
      if (ka !== kb) note(kb, ka);
      continue;
    }
    const share = p.dependent === p.pairs ? 'all' : `${p.dependent} of ${p.pairs}`;
    const never = p.neverCoEnabled === 0 ? '' : `; ${p.neverCoEnabled} never enabled together (ignored)`;
    lines.push(`  ${ka} ~ ${kb}: ${share} pairs dependent (${[...p.why].sort().join(', ')})${never}`);
  }
  lines.push(`Independent kinds across threads (every pair of steps on different threads): ${independent.size === 0 ? 'none' : ''}`);
  for (const k of kinds) {
    const list = independent.get(k);
    if (list !== undefined) lines.push(`  ${k} ~ ${list.join(', ')}`);
  }
  lines.push('');

  const blind = kinds.filter((k) => model.actions.some((_, a) => kindOf(model, a) === k && table.possible[a] === undefined));
  lines.push(
    blind.length === 0
      ? 'Every guard was tabulated: disabled steps are waited on through one field, not all they read.'
      : `Guards too wide to tabulate (disabled steps wait on every writer of every guard field): ${blind.join(', ')}`,
  );
  lines.push('');
  lines.push(...blockerLines(model, invariants));
  return lines.join('\n') + '\n';
}

/** What keeps stubborn sets large, measured on states of fixed-seed random runs. */
function blockerLines(model: Model, invariants: readonly Invariant[]): string[] {
  const states = randomReachable(model, 40, 60, rngFrom(1));
  const b = porBlockers(model, invariants, states);
  const out = [`What keeps reduced sets large, on ${states.length} states of random runs (${b.seeds} seeds tried):`];
  const vis = [...b.visible].sort((x, y) => y[1] - x[1]);
  const nVis = vis.reduce((n, [, c]) => n + c, 0);
  out.push(`  ${b.alone} seeds stayed alone (reducible); ${nVis} were visible (${vis.map(([k, c]) => `${k} ${c}`).join(', ') || 'none'})`);
  out.push('  the first edge that brings in a second enabled step, by frequency:');
  for (const { edge, count } of b.edges.slice(0, 12)) out.push(`  ${String(count).padStart(6)}  ${edge}`);
  return out;
}
