/**
 * A deliberately simple explicit-state search (string keys, JS maps) used only by the POR tests: it
 * lets a test inject any expander, including deliberately broken ones, independently of the engine.
 * Not for production: it is slow and unbounded.
 */
import type { StateVector } from '../../model/layout.js';
import { type ActionId, type Model, enabledActions, successor } from '../../model/model.js';
import type { Invariant } from '../../invariants/invariant.js';
import type { Expander, SearchOrder } from '../types.js';

export interface ReferenceResult {
  /** Distinct states stored. */
  readonly states: number;
  /** Names of violated invariants, with the action path to the first violating state found. */
  readonly violations: ReadonlyMap<string, { readonly initial: StateVector; readonly path: readonly ActionId[] }>;
  /** Keys of deadlock states found (no enabled action, not a valid end). */
  readonly deadlocks: ReadonlySet<string>;
  /** Edges explored from states whose chosen set was smaller than their enabled set (by key). */
  readonly reducedEdges: ReadonlyMap<string, readonly string[]>;
}

export const stateKey = (s: StateVector): string => Array.prototype.join.call(s, ',');

/** Explores everything reachable through `expander` (full expansion when absent). */
export function referenceSearch(
  model: Model,
  invariants: readonly Invariant[],
  expander?: Expander,
  order: SearchOrder = 'bfs',
): ReferenceResult {
  interface Entry {
    readonly prev: string | undefined;
    readonly action: ActionId;
    readonly state: StateVector;
  }
  const parent = new Map<string, Entry>();
  const closed = new Set<string>();
  const violations = new Map<string, { initial: StateVector; path: ActionId[] }>();
  const deadlocks = new Set<string>();
  const reducedEdges = new Map<string, string[]>();
  const frontier: StateVector[] = [];
  const pathTo = (key: string): { initial: StateVector; path: ActionId[] } => {
    const path: ActionId[] = [];
    let k: string | undefined = key;
    let initial: StateVector = parent.get(key)!.state;
    while (k !== undefined) {
      const e: Entry = parent.get(k)!;
      if (e.prev === undefined) initial = e.state;
      else path.push(e.action);
      k = e.prev;
    }
    return { initial, path: path.reverse() };
  };
  const visit = (s: StateVector, prev: string | undefined, action: ActionId): void => {
    const k = stateKey(s);
    if (parent.has(k)) return;
    parent.set(k, { prev, action, state: s });
    for (const inv of invariants) if (!violations.has(inv.name) && !inv.holds(s)) violations.set(inv.name, pathTo(k));
    frontier.push(s);
  };
  for (const s of model.initialStates) visit(s, undefined, -1);
  let head = 0;
  while (order === 'bfs' ? head < frontier.length : frontier.length > 0) {
    const s = order === 'bfs' ? frontier[head++]! : frontier.pop()!;
    const k = stateKey(s);
    if (closed.has(k)) continue;
    closed.add(k);
    const enabled = enabledActions(model, s);
    if (enabled.length === 0 && !(model.isValidEnd?.(s) ?? true)) deadlocks.add(k);
    const chosen = expander === undefined ? enabled : expander.select(s, enabled, (a) => closed.has(stateKey(successor(model, s, a))));
    if (chosen.length < enabled.length) reducedEdges.set(k, chosen.map((a) => stateKey(successor(model, s, a))));
    for (const a of chosen) visit(successor(model, s, a), k, a);
  }
  return { states: parent.size, violations, deadlocks, reducedEdges };
}
