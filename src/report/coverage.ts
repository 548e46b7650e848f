/**
 * Coverage and vacuity for people: the steps no explored state enabled, and the invariants whose
 * antecedent no explored state made true (they hold vacuously). Full listing for `check --coverage`,
 * one warning line per search and kind for the matrix.
 */
import { wrap } from './wrap.js';

export interface SearchCoverage {
  /** Name of the search, e.g. `legacy`. */
  readonly search: string;
  /** Steps (full action names) never enabled in an explored state. */
  readonly neverEnabled: readonly string[];
  /** Invariants whose antecedent never held. */
  readonly vacuous: readonly string[];
  /** Total steps of the model, for the count. */
  readonly steps: number;
  /** False when the search was cut short: then a step may just not have been reached yet. */
  readonly complete: boolean;
  /** True under partial-order reduction: the explored states are a subset of the reachable ones. */
  readonly reduced: boolean;
}

/** The full report: every step that never fired and every vacuous invariant, per search. */
export function renderCoverage(coverage: readonly SearchCoverage[], width = 80): string {
  const out: string[] = [];
  for (const c of coverage) {
    const scope = !c.complete
      ? 'the states explored before the search stopped'
      : c.reduced
        ? 'the states the reduced search explored (--no-por: every reachable state)'
        : 'every reachable state';
    out.push(`Coverage of ${c.search}, over ${scope}:`);
    const n = c.neverEnabled.length;
    out.push(`  ${c.steps - n} of ${c.steps} steps can fire${n === 0 ? '.' : '; never enabled:'}`);
    for (const s of c.neverEnabled) out.push(...wrap(s, width - 4, 2).map((l) => `    ${l}`));
    if (c.vacuous.length === 0) out.push('  No invariant holds vacuously (each antecedent is true somewhere).');
    for (const v of c.vacuous) out.push(...wrap(`${v} holds vacuously: its antecedent is never true`, width - 2, 2).map((l) => `  ${l}`));
  }
  return out.join('\n') + '\n';
}

/** One line per search with unreached steps and one per vacuous invariant, each at most `width`. */
export function coverageWarnings(coverage: readonly SearchCoverage[], width = 80): string[] {
  const out: string[] = [];
  for (const c of coverage) {
    const n = c.neverEnabled.length;
    if (n > 0) {
      const head = `warning: ${c.search}: ${n} step${n === 1 ? '' : 's'} never enabled: `;
      out.push(fitList(head, c.neverEnabled, width));
    }
    for (const v of c.vacuous) out.push(`warning: ${c.search}: ${v} holds vacuously (its antecedent is never true)`);
  }
  return out;
}

/** `head` then as many of `items` as fit in `width`, comma-separated, `...` when some are left out. */
function fitList(head: string, items: readonly string[], width: number): string {
  let line = head;
  for (const [i, item] of items.entries()) {
    const piece = `${i === 0 ? '' : ', '}${item}`;
    const rest = i === items.length - 1 ? 0 : 5;
    if (line.length + piece.length + rest > width) return `${line}${i === 0 ? '' : ', '}...`;
    line += piece;
  }
  return line;
}
