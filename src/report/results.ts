/**
 * One verdict per (variant, property) cell, as the CLI prints it: a table for people (80 columns),
 * and the JSON object for scripts.
 */
import type { StopReason, Verdict } from '../checker/types.js';

/**
 * A cell's verdict; `not-run` when Ctrl-C stopped the run before its search began, `not-found` when
 * random simulation found no violation (which never means it holds).
 */
export type CellVerdict = Verdict | 'not-run' | 'not-found';

export interface CellResult {
  readonly variant: string;
  /** Invariant name, or `deadlock-free`. */
  readonly invariant: string;
  readonly verdict: CellVerdict;
  /** Name of the search that decided this cell (e.g. `v2.1`); cells of one search share its statistics. */
  readonly search: string;
  /**
   * The whole configuration of that search, `key` → `value` in the CLI's spelling, variant first.
   * Absent only in cells merged from shard files, whose run settings are in the files.
   */
  readonly configuration?: Readonly<Record<string, string>>;
  /** Statistics of that search (0 when not run). */
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
  /** Liveness: what the verdict assumes, e.g. `weak fairness for T0, T1`. */
  readonly assumes?: string;
  /** Liveness: what the verdict says nothing of, e.g. `T2: it makes 0 syscalls`. */
  readonly saysNothingOf?: string;
}

/** `12,345` */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Seconds as JSON carries them: rounded to milliseconds. */
export function roundSeconds(s: number): number {
  return Math.round(s * 1000) / 1000;
}

/** The verdict as the table shows it: `holds`, `holds (bounded)`, `violated`, `incomplete`, `not run`. */
export function verdictText(r: CellResult): string {
  if (r.verdict === 'holds') return r.bounded !== undefined && r.bounded.length > 0 ? 'holds (bounded)' : 'holds';
  return r.verdict === 'not-run' ? 'not run' : r.verdict === 'not-found' ? 'not found' : r.verdict;
}

/** The verdict in one phrase with its detail: `violated (7 steps)`, `incomplete (max-seconds)`. */
export function verdictSummary(r: CellResult): string {
  if (r.verdict === 'violated' && r.traceLength !== undefined) return `violated (${r.traceLength} steps)`;
  if (r.verdict === 'incomplete' && r.stopped !== undefined) return `incomplete (${r.stopped})`;
  return verdictText(r);
}

export interface TableOptions {
  /** Wraps each verdict for colour; identity by default (the renderer itself emits no escapes). */
  readonly paint?: (verdict: CellVerdict, text: string) => string;
}

/**
 * A fixed-width table: variant, property, verdict, steps (of the counterexample), states, seconds.
 * Transitions and depth are in the JSON; leaving them out keeps the table within 80 columns. Searches
 * that stopped early are named under the table with the reason.
 */
export function renderResultsTable(results: readonly CellResult[], options: TableOptions = {}): string {
  // Several memory models: one table each, under its name, so every table keeps 80 columns.
  const models = [...new Set(results.map((r) => r.memoryModel ?? 'sc'))];
  if (models.length > 1) {
    return models
      .map((m) => `memory model ${m}:\n${renderOneTable(results.filter((r) => (r.memoryModel ?? 'sc') === m), options)}`)
      .join('\n');
  }
  return renderOneTable(results, options);
}

function renderOneTable(results: readonly CellResult[], options: TableOptions): string {
  const paint = options.paint ?? ((_: CellVerdict, t: string) => t);
  const head = ['variant', 'invariant', 'verdict', 'steps', 'states', 'seconds'];
  // `holds (bounded)` is `holds*` here, explained under the table, so the table keeps 80 columns.
  const isBounded = (r: CellResult): boolean => r.verdict === 'holds' && (r.bounded?.length ?? 0) > 0;
  const rows = results.map((r) => [
    r.variant,
    r.invariant,
    isBounded(r) ? 'holds*' : verdictText(r),
    r.traceLength === undefined ? '' : String(r.traceLength),
    r.verdict === 'not-run' ? '' : formatCount(r.states),
    r.verdict === 'not-run' ? '' : r.seconds.toFixed(2),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const right = new Set([3, 4, 5]);
  const line = (cells: readonly string[], verdict?: CellVerdict): string =>
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
    if (before?.variant === r.variant) row[0] = '';
    if (before?.search === r.search) row.splice(4, 2, '', '');
    out.push(line(row, r.verdict));
  });
  const stopped = new Map<string, StopReason>();
  for (const r of results) if (r.verdict === 'incomplete' && r.stopped !== undefined) stopped.set(r.search, r.stopped);
  for (const [search, why] of stopped) out.push(`incomplete: the search of ${search} stopped (${STOPPED[why]})`);
  if (results.some(isBounded)) out.push('holds*: holds only within a bound the search hit (listed below)');
  const assumed = new Map<string, string>();
  for (const r of results) {
    if (r.assumes === undefined) continue;
    assumed.set(r.invariant, `${r.invariant}: the verdict assumes ${r.assumes}${r.saysNothingOf === undefined ? '' : `, and says nothing of ${r.saysNothingOf}`}`);
  }
  out.push(...assumed.values());
  return out.join('\n') + '\n';
}

const STOPPED: Readonly<Record<StopReason, string>> = {
  'max-states': '--max-states reached',
  'max-depth': 'cut at --max-depth',
  'max-seconds': '--max-seconds reached',
  memory: 'out of memory',
  interrupted: 'Ctrl-C',
};

/** Version of the JSON that `--format json` prints; raised when a field changes meaning or goes away. */
export const RESULTS_SCHEMA_VERSION = 2;

/** A result as JSON carries it: seconds in milliseconds, no statistics for a cell that never ran. */
function jsonResult(r: CellResult): Record<string, unknown> {
  if (r.verdict === 'not-run') {
    return { variant: r.variant, invariant: r.invariant, verdict: r.verdict, search: r.search, configuration: r.configuration };
  }
  return { ...r, seconds: roundSeconds(r.seconds) };
}

/** `{"schemaVersion", ...extra, "results": [...]}` with a trailing newline. */
export function renderResultsJson(results: readonly CellResult[], extra: Readonly<Record<string, unknown>> = {}): string {
  return JSON.stringify({ schemaVersion: RESULTS_SCHEMA_VERSION, ...extra, results: results.map(jsonResult) }, null, 2) + '\n';
}

/**
 * The verdict matrix as a Markdown table (variants down, properties across), each violation linked
 * to its counterexample text under `linkDir`. No timings, so it is stable enough to pin in the README.
 */
export function renderVerdictGrid(results: readonly CellResult[], linkDir: string): string {
  const properties = [...new Set(results.map((r) => r.invariant))];
  const out: string[] = [];
  out.push(`| variant | memory model | ${properties.join(' | ')} | states |`);
  out.push(`|---|---|${properties.map(() => '---').join('|')}|--:|`);
  const rows = [...new Map(results.map((r) => [`${r.variant}@${r.memoryModel ?? 'sc'}`, r])).values()];
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
 * `proposed-fixed rule-coverage: sc: holds, x86-tso: holds, store-reordering: violated (14 steps)`.
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
    const each = rs.map((r) => `${r.memoryModel ?? 'sc'}: ${verdictSummary(r)}`).join(', ');
    out.push(`${rs[0]!.variant} ${rs[0]!.invariant}: ${each}`);
  }
  return out;
}
