/**
 * `--symmetry on|off|auto` for the audit model: whether a search renames interchangeable tasks (the
 * tasks alive at start that do not fork) into one representative per orbit. `auto`, the default, is
 * on when there are two or more such tasks, the memory model is sc, --por was not asked for and no
 * liveness property is asked; `on`
 * refuses (one line, exit 2) what it cannot do. Symmetry turns partial-order reduction off: the two
 * are not proven to combine (stubborn sets' cycle proviso over orbit representatives), and the
 * configuration says `reduction=none`.
 */
import type { AuditConfig, Bounds } from '../model/audit/config.js';
import { interchangeableSlots } from '../model/audit/fields.js';
import { resolveConfig } from '../model/audit/knobs.js';
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

/** Interchangeable tasks at `bounds` (0 when fewer than two). */
export function groupSize(bounds: Bounds): number {
  return interchangeableSlots(bounds).length;
}

/** Whether symmetry is used under `memoryModel` at `bounds`; UsageError for `on` where it cannot be. */
export function symmetryUsedAt(bounds: Bounds, memoryModel: string, o: SymmetryChoice): boolean {
  const mode = o.symmetryMode ?? 'auto';
  if (mode === 'off') return false;
  const g = groupSize(bounds);
  if (mode === 'auto') return symmetryAuto(g, memoryModel, o);
  if (o.liveness === true) {
    throw new UsageError(
      '--symmetry on and a liveness property do not combine (a lasso over orbit representatives may not replay); drop --symmetry on, or name the invariants with --invariant (--syscalls unbounded checks fast-path-restored and slow-path-taken by default)',
    );
  }
  if (o.por === true) throw new UsageError('--symmetry on and --por do not combine (not proven sound together); drop one of them');
  if (memoryModel !== 'sc') {
    throw new UsageError(`--symmetry on needs --memory-model sc: under ${memoryModel} store-buffer entries name one task's locations, which renaming tasks would have to rewrite`);
  }
  if (g < 2) {
    throw new UsageError(`--symmetry on needs two interchangeable tasks (alive at start, not forking); --tasks ${bounds.tasks} --forks ${bounds.forks} has ${Math.max(0, bounds.tasks - bounds.forks)}`);
  }
  return true;
}

/** {@link symmetryUsedAt} for one configuration. */
export function symmetryUsed(config: AuditConfig, o: SymmetryChoice): boolean {
  const { bounds, memoryModel } = resolveConfig(config);
  return symmetryUsedAt(bounds, memoryModel, o);
}
