/**
 * Coverage and vacuity, as SPIN's unreached-code report and TLC's -coverage give them: which steps
 * ever fired in the explored graph, and which invariants ever saw their antecedent true (an
 * invariant whose antecedent never held is vacuously true). Only kept when asked for; the search
 * calls `fired` per transition and `seen` per new state.
 */
import type { Invariant } from '../invariants/invariant.js';
import type { StateVector } from '../model/layout.js';
import type { Coverage } from './types.js';

export class CoverageTracker {
  readonly #fired: Uint8Array;
  /** Indices of invariants with an antecedent not yet seen true. */
  #waiting: number[];
  readonly #seen: boolean[];

  constructor(
    actions: number,
    private readonly invariants: readonly Invariant[],
  ) {
    this.#fired = new Uint8Array(actions);
    this.#waiting = invariants.flatMap((inv, i) => (inv.antecedent === undefined ? [] : [i]));
    this.#seen = invariants.map(() => false);
  }

  fired(action: number): void {
    this.#fired[action] = 1;
  }

  /** A new state: marks the antecedents it makes true. */
  seen(s: StateVector): void {
    if (this.#waiting.length === 0) return;
    this.#waiting = this.#waiting.filter((i) => {
      if (this.invariants[i]!.antecedent!(s)) {
        this.#seen[i] = true;
        return false;
      }
      return true;
    });
  }

  result(): Coverage {
    return {
      fired: Array.from(this.#fired, (f) => f === 1),
      antecedentSeen: this.invariants.map((inv, i) => (inv.antecedent === undefined ? undefined : this.#seen[i]!)),
    };
  }
}
