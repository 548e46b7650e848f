/**
 * `--symmetry on|off|auto`: whether a search renames interchangeable actors (for the audit model,
 * the tasks alive at start that do not fork; the protocol says which: src/cli/protocol-cli.ts) into
 * one representative per orbit. `auto`, the default, is on when there are two or more such actors, the memory model is sc, --por was not asked for and no
 * liveness property is asked; `on`
 * refuses (one line, exit 2) what it cannot do. Symmetry turns partial-order reduction off: the two
 * are not proven to combine (stubborn sets' cycle proviso over orbit representatives), and the
 * configuration says `reduction=none`.
 */
import type { SymmetryGroup } from './protocol-cli.js';
import { UsageError } from './usage-error.js';

export const SYMMETRY_MODES = ['on', 'off', 'auto'] as const;
export type SymmetryMode = (typeof SYMMETRY_MODES)[number];

/** What the flags say about symmetry: the mode, an explicit --por/--no-por, and whether a liveness property is asked. */
export interface SymmetryChoice {
  readonly symmetryMode?: SymmetryMode;
  readonly por?: boolean;
  readonly liveness?: boolean;
}

/**
 * Whether `auto` turns symmetry on. Never with a liveness property: a cycle among orbit
 * representatives need not be a cycle of real states (it may close only up to a renaming), so the
 * lasso would not replay, and fairness over renamed tasks is not proven sound here (TLC's
 * symmetry-with-liveness caveat).
 */
export function symmetryAuto(group: number, memoryModel: string | undefined, o: SymmetryChoice): boolean {
  return group >= 2 && (memoryModel === undefined || memoryModel === 'sc') && o.por !== true && o.liveness !== true;
}

/**
 * Whether symmetry is used for `group` under its memory model; UsageError for `on` where it cannot
 * be. `livenessHint` ends the refusal of `on` with a liveness property: what to run instead.
 */
export function symmetryUsed(group: SymmetryGroup, o: SymmetryChoice, livenessHint: string): boolean {
  const mode = o.symmetryMode ?? 'auto';
  if (mode === 'off') return false;
  const { size: g, memoryModel } = group;
  if (mode === 'auto') return symmetryAuto(g, memoryModel, o);
  if (o.liveness === true) {
    throw new UsageError(
      `--symmetry on and a liveness property do not combine (a lasso over orbit representatives may not replay); drop --symmetry on, or name the invariants with --invariant${livenessHint}`,
    );
  }
  if (o.por === true) throw new UsageError('--symmetry on and --por do not combine (not proven sound together); drop one of them');
  if (memoryModel !== 'sc') {
    throw new UsageError(`--symmetry on needs --memory-model sc: under ${memoryModel} store-buffer entries name one task's locations, which renaming tasks would have to rewrite`);
  }
  if (g < 2) throw new UsageError(`--symmetry on needs ${group.tooFew}`);
  return true;
}
