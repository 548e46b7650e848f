/**
 * A safety property: a named predicate that must hold in every reachable state.
 * It declares the fields it reads so that partial-order reduction knows which steps are visible.
 */
import type { FieldId, StateVector } from '../model/layout.js';

export interface Invariant {
  /** Kebab-case, e.g. `no-entry-bug`; also a CLI value and part of counterexample file names. */
  readonly name: string;
  /** One line, in the kernel's words, printed with every verdict. */
  readonly summary: string;
  /** Every field `holds` may read. Steps writing one of these are visible to this invariant. */
  readonly reads: readonly FieldId[];
  holds(s: StateVector): boolean;
  /**
   * For an implication `if A then B`: A. An invariant whose antecedent no explored state makes true
   * holds vacuously, which `--coverage` reports. Absent for invariants that are not implications.
   */
  antecedent?(s: StateVector): boolean;
}
