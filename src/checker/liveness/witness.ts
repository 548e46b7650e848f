/**
 * Whether one strongly connected component of a case's subgraph holds a counterexample, and where.
 * Within one SCC any finite set of its states and internal steps lies on one cycle, so the SCC is a
 * counterexample iff each obligation is met somewhere in it: every `infinitelyOften` condition by a
 * member state or an internal step, and every fair thread by an internal step of it or a member state
 * where it is disabled. A terminal state (a one-state SCC without steps) meets state conditions only
 * and every fair thread (it disables them all).
 */
import type { Model } from '../../model/model.js';
import type { StateStore } from '../state-store.js';
import type { CaseView } from './case-view.js';

/** Where each obligation is met: conditions first (case order), then fair threads. */
export interface SccWitness {
  /** Member ids, in the order Tarjan popped them. */
  readonly members: Int32Array;
  /** Members are the ids whose Tarjan index is `-comp`. */
  readonly comp: number;
  readonly terminal: boolean;
  /** Per obligation, the state meeting it, or the state the step meeting it starts from. */
  readonly state: Int32Array;
  /** Per obligation, the action of that step; -1 when the state itself meets it. */
  readonly action: Int32Array;
}

/**
 * The witness of a counterexample in the SCC `members` (each marked `index[id] === -comp`), or
 * undefined when some obligation is not met in it.
 */
export function sccWitness(
  model: Model,
  store: StateStore,
  view: CaseView,
  index: Int32Array,
  members: Int32Array,
  comp: number,
  terminal: boolean,
): SccWitness | undefined {
  const conds = view.kase.infinitelyOften;
  const nc = conds.length;
  const nf = view.property.fairThreads.length;
  const state = new Int32Array(nc + nf).fill(-1);
  const action = new Int32Array(nc + nf).fill(-1);
  let open = nc + nf;
  const W = model.layout.words;
  const cur = new Uint32Array(W);
  const next = new Uint32Array(W);
  const threadIndex = new Map(view.property.fairThreads.map((t, k) => [t, k]));
  for (let m = 0; m < members.length && open > 0; m++) {
    const v = members[m]!;
    store.readState(v, cur);
    for (let k = 0; k < nc; k++) {
      const c = conds[k]!;
      if (state[k]! < 0 && c.kind === 'state' && c.holds(cur)) (state[k] = v), open--;
    }
    for (let k = 0; k < nf; k++) if (state[nc + k]! < 0 && view.fairDisabled(k, cur)) (state[nc + k] = v), open--;
    if (terminal || open === 0) continue;
    model.actions.forEach((act, a) => {
      if (open === 0 || !act.enabled(cur)) return;
      next.set(cur);
      act.apply(cur, next);
      if (!view.member(next) || !view.stepAllowed(cur, a, next)) return;
      const w = store.find(next);
      if (w < 0 || index[w] !== -comp) return;
      for (let k = 0; k < nc; k++) {
        const c = conds[k]!;
        if (state[k]! < 0 && c.kind === 'step' && c.holds(cur, a, next)) (state[k] = v), (action[k] = a), open--;
      }
      const f = threadIndex.get(act.thread);
      if (f !== undefined && state[nc + f]! < 0) (state[nc + f] = v), (action[nc + f] = a), open--;
    });
  }
  return open === 0 ? { members: members.slice(), comp, terminal, state, action } : undefined;
}
