/**
 * Expanders decide which enabled actions a search explores from a state (see {@link Expander}).
 * Full expansion explores all of them; partial-order reduction lives in `./por/` and is plugged in
 * through the same interface, so the search loop never knows which one it runs.
 */
import type { StateVector } from '../model/layout.js';
import type { ActionId } from '../model/model.js';
import type { Expander } from './types.js';

const FULL: Expander = {
  select(_s: StateVector, enabled: readonly ActionId[]): readonly ActionId[] {
    return enabled;
  },
};

/** Explores every enabled action. A single shared instance, so a search can recognise it cheaply. */
export function fullExpansion(): Expander {
  return FULL;
}

/** True for the expander returned by {@link fullExpansion}: the search may then skip building lists. */
export function isFullExpansion(e: Expander): boolean {
  return e === FULL;
}
