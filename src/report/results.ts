/**
 * One verdict per (variant, property) cell, as the CLI prints it: a table for people, and the
 * `{"results": [...]}` object for scripts.
 */
import type { StopReason, Verdict } from '../checker/types.js';

export interface CellResult {
  readonly variant: string;
  /** Invariant name, or `deadlock`. */
  readonly invariant: string;
  readonly verdict: Verdict;
  /** Number of the search (from 1) that decided this cell; cells of one search share its statistics. */
  readonly search: number;
  /** Statistics of the search that decided this cell. */
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  readonly seconds: number;
  /** Steps in the counterexample, when violated. */
  readonly traceLength?: number;
  readonly contextSwitches?: number;
  /** Files written for the counterexample, when violated and an output directory was given. */
  readonly files?: readonly string[];
  /** Fingerprint mode: estimated probability that the search wrongly took a state as visited. */
  readonly omissionProbability?: number;
  /** Why the search stopped early, when incomplete. */
  readonly stopped?: StopReason;
  /** The memory model the search assumed, e.g. `sc`, `x86-tso`. */
  readonly memoryModel?: string;
  /**
   * Where the model cut behaviour short during the search (e.g. a full store buffer): a `holds` is
   * then bounded by these too, and the table says so.
   */
  readonly bounded?: readonly string[];
}

/** `12,345` */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** The verdict as the table shows it: `holds`, `violated (7 steps)`, `incomplete (max-seconds)`. */
export function verdictText(r: CellResult): string {
  if (r.verdict === 'violated') return r.traceLength === undefined ? 'violated' : `violated (${r.traceLength} steps)`;
  if (r.verdict === 'incomplete') return r.stopped === undefined ? 'incomplete' : `incomplete (${r.stopped})`;
  return r.bounded !== undefined && r.bounded.length > 0 ? 'holds (bounded)' : 'holds';
}

export interface TableOptions {
  /** Wraps each verdict for colour; identity by default (the renderer itself emits no escapes). */
  readonly paint?: (verdict: Verdict, text: string) => string;
}

/** A fixed-width table: variant, property, verdict, states, transitions, seconds. */
export function renderResultsTable(results: readonly CellResult[], options: TableOptions = {}): string {
  const paint = options.paint ?? ((_: Verdict, t: string) => t);
  const head = ['variant', 'invariant', 'verdict', 'states', 'transitions', 'seconds'];
  // One memory model throughout (the header names it): no column. Several: `variant@model` rows.
  const several = new Set(results.map((r) => r.memoryModel ?? 'sc')).size > 1;
  const rows = results.map((r) => [
    several ? `${r.variant}@${r.memoryModel ?? 'sc'}` : r.variant,
    r.invariant,
    verdictText(r),
    formatCount(r.states),
    formatCount(r.transitions),
    r.seconds.toFixed(2),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const right = new Set([3, 4, 5]);
  const line = (cells: readonly string[], verdict?: Verdict): string =>
    cells
      .map((c, i) => {
        const padded = right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!);
        return i === 2 && verdict !== undefined ? paint(verdict, padded) : padded;
      })
      .join('  ')
      .trimEnd();
  const out = [line(head), widths.map((w) => '-'.repeat(w)).join('  ')];
  results.forEach((r, i) => {
    const row = [...rows[i]!];
    const before = results[i - 1];
    // The variant is named once per group, and a search's statistics once, as in a printed matrix.
    if (before?.variant === r.variant && before.memoryModel === r.memoryModel) row[0] = '';
    if (before?.search === r.search) row.splice(3, 3, '', '', '');
    out.push(line(row, r.verdict));
  });
  return out.join('\n') + '\n';
}

/** `{"results": [...]}` with a trailing newline. */
export function renderResultsJson(results: readonly CellResult[], extra: Readonly<Record<string, unknown>> = {}): string {
  return JSON.stringify({ results, ...extra }, null, 2) + '\n';
}

/**
 * The verdict matrix as a Markdown table (a row per variant and memory model, properties across), each
 * violation linked to its counterexample text under `linkDir`. No timings, so it is stable enough to
 * pin in the README.
 */
export function renderVerdictGrid(results: readonly CellResult[], linkDir: string): string {
  const rows = [...new Map(results.map((r) => [`${r.variant}@${r.memoryModel ?? 'sc'}`, r])).values()];
  const properties = [...new Set(results.map((r) => r.invariant))];
  const out: string[] = [];
  out.push(`| variant | memory model | ${properties.join(' | ')} | states |`);
  out.push(`|---|---|${properties.map(() => '---').join('|')}|--:|`);
  for (const { variant: v, memoryModel: mm = 'sc' } of rows) {
    const row = results.filter((r) => r.variant === v && (r.memoryModel ?? 'sc') === mm);
    const cells = properties.map((p) => {
      const r = row.find((x) => x.invariant === p);
      if (r === undefined) return '';
      if (r.verdict === 'violated') return `[**violated** (${r.traceLength ?? '?'})](${linkDir}/${v}--${p}--${mm}.txt)`;
      return verdictText(r);
    });
    const states = Math.max(...row.map((r) => r.states));
    out.push(`| ${v} | ${mm} | ${cells.join(' | ')} | ${formatCount(states)} |`);
  }
  return out.join('\n') + '\n';
}

/**
 * The cells whose verdict differs between memory models, one line each:
 * `proposed-fixed  rule-coverage  sc: holds, x86-tso: holds, store-reordering: violated (14 steps)`.
 */
export function modelDependentVerdicts(results: readonly CellResult[]): string[] {
  const byCell = new Map<string, CellResult[]>();
  for (const r of results) {
    const key = `${r.variant}\u0000${r.invariant}`;
    byCell.set(key, [...(byCell.get(key) ?? []), r]);
  }
  const out: string[] = [];
  for (const rs of byCell.values()) {
    const verdicts = new Set(rs.map((r) => r.verdict));
    if (rs.length < 2 || verdicts.size < 2) continue;
    const each = rs.map((r) => `${r.memoryModel ?? 'sc'}: ${verdictText(r)}`).join(', ');
    out.push(`${rs[0]!.variant} ${rs[0]!.invariant}: ${each}`);
  }
  return out;
}
