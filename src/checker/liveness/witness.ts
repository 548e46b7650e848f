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

/** Per case of a group: where its conditions are met so far. */
interface CaseSlots {
  readonly view: CaseView;
  readonly state: Int32Array;
  readonly action: Int32Array;
  open: number;
}

/**
 * Finds witnesses in the SCCs of a group of cases that share one subgraph (and, being cases of one
 * property, its fair threads): one pass over an SCC's states and internal steps serves every case.
 * Scratch is allocated once per group, not per SCC.
 */
export class WitnessFinder {
  private readonly cur: Uint32Array;
  private readonly next: Uint32Array;
  private readonly fairState: Int32Array;
  private readonly fairAction: Int32Array;
  /** Per thread number: its index in `fairThreads`, or -1. */
  private readonly fairIndex: Int32Array;
  private readonly slots: readonly CaseSlots[];
  private readonly view: CaseView;

  constructor(
    private readonly model: Model,
    private readonly store: StateStore,
    views: readonly CaseView[],
  ) {
    this.view = views[0]!;
    this.cur = new Uint32Array(model.layout.words);
    this.next = new Uint32Array(model.layout.words);
    const fair = this.view.property.fairThreads;
    this.fairState = new Int32Array(fair.length);
    this.fairAction = new Int32Array(fair.length);
    const threads = Math.max(0, ...model.actions.map((a) => a.thread + 1), ...fair.map((t) => t + 1));
    this.fairIndex = new Int32Array(threads).fill(-1);
    fair.forEach((t, k) => (this.fairIndex[t] = k));
    this.slots = views.map((view) => {
      const n = view.kase.infinitelyOften.length;
      return { view, state: new Int32Array(n), action: new Int32Array(n), open: n };
    });
  }

  /** The first case (in group order) met once the fair threads are; undefined while none is. */
  private met(fairOpen: number): CaseSlots | undefined {
    return fairOpen === 0 ? this.slots.find((c) => c.open === 0) : undefined;
  }

  /**
   * A counterexample in the SCC `members` (each marked `index[id] === -comp`): the case's view and
   * its witness, or undefined when no case has every obligation met in it.
   */
  find(index: Int32Array, members: Int32Array, comp: number, terminal: boolean): { view: CaseView; witness: SccWitness } | undefined {
    const { cur, next, store, slots, fairState, fairAction } = this;
    const view = this.view;
    const actions = this.model.actions;
    const W = cur.length;
    for (const c of slots) {
      c.state.fill(-1);
      c.action.fill(-1);
      c.open = c.state.length;
    }
    fairState.fill(-1);
    fairAction.fill(-1);
    let fairOpen = fairState.length;
    let done = this.met(fairOpen);
    for (let m = 0; m < members.length && done === undefined; m++) {
      const v = members[m]!;
      store.readState(v, cur);
      for (const c of slots) {
        const conds = c.view.kase.infinitelyOften;
        for (let k = 0; k < conds.length; k++) {
          const q = conds[k]!;
          if (c.state[k]! < 0 && q.kind === 'state' && q.holds(cur)) (c.state[k] = v), c.open--;
        }
      }
      for (let k = 0; k < fairState.length; k++) if (fairState[k]! < 0 && view.fairDisabled(k, cur)) (fairState[k] = v), fairOpen--;
      done = this.met(fairOpen);
      if (terminal) continue;
      for (let a = 0; a < actions.length && done === undefined; a++) {
        const act = actions[a]!;
        if (!act.enabled(cur)) continue;
        for (let w = 0; w < W; w++) next[w] = cur[w]!;
        act.apply(cur, next);
        if (!view.member(next) || !view.stepAllowed(cur, a, next)) continue;
        const w = store.find(next);
        if (w < 0 || index[w] !== -comp) continue;
        for (const c of slots) {
          const conds = c.view.kase.infinitelyOften;
          for (let k = 0; k < conds.length; k++) {
            const q = conds[k]!;
            if (c.state[k]! < 0 && q.kind === 'step' && q.holds(cur, a, next)) (c.state[k] = v), (c.action[k] = a), c.open--;
          }
        }
        const f = this.fairIndex[act.thread]!;
        if (f >= 0 && fairState[f]! < 0) (fairState[f] = v), (fairAction[f] = a), fairOpen--;
        done = this.met(fairOpen);
      }
    }
    if (done === undefined) return undefined;
    const state = Int32Array.from([...done.state, ...fairState]);
    const action = Int32Array.from([...done.action, ...fairAction]);
    return { view: done.view, witness: { members: members.slice(), comp, terminal, state, action } };
  }
}
