/**
 * Iterative Tarjan SCC decomposition of one case's subgraph (see {@link CaseView}), run in slices.
 * Graphs have millions of states, so the call stack is explicit: per frame the state and the next
 * action to try; a resumed frame re-reads its state from the store and recomputes its successors.
 * Per state: a Tarjan index (0 unvisited, > 0 on the SCC stack, -c once in component c), a lowlink,
 * a slot of the SCC stack, a call frame and a flag byte: 20 bytes, allocated once per check.
 *
 * Each finished SCC that can carry a cycle (more than one state, a self-loop, or a terminal state)
 * is handed to a {@link WitnessFinder} for every case of the group (cases with the same subgraph share one
 * decomposition); the first counterexample found ends the group.
 */
import type { Model } from '../../model/model.js';
import type { ReachableGraph } from './graph.js';
import type { CaseView } from './case-view.js';
import { WitnessFinder, type SccWitness } from './witness.js';

const SELF_LOOP = 1;
const ENABLED = 2;
/** Frames between two looks at the clock. */
const CLOCK_EVERY = 256;

/** Bytes per state of {@link TarjanArrays}: five Int32Arrays and a flag byte. */
export const TARJAN_BYTES_PER_STATE = 21;

/** Per-state arrays for Tarjan, shared by every case of a check (each case resets them). */
export class TarjanArrays {
  readonly index: Int32Array;
  readonly low: Int32Array;
  readonly sccStack: Int32Array;
  readonly callNode: Int32Array;
  readonly callAct: Int32Array;
  readonly flags: Uint8Array;

  constructor(readonly n: number) {
    this.index = new Int32Array(n);
    this.low = new Int32Array(n);
    this.sccStack = new Int32Array(n);
    this.callNode = new Int32Array(n);
    this.callAct = new Int32Array(n);
    this.flags = new Uint8Array(n);
  }

  reset(): void {
    this.index.fill(0);
    this.flags.fill(0);
  }

  bytes(): number {
    return this.n * TARJAN_BYTES_PER_STATE;
  }
}

export type TarjanStatus = 'found' | 'exhausted' | 'slice';

export class CaseTarjan {
  /** Set when `run` returned 'found': the witness, and the view of the case it is for. */
  witness: SccWitness | undefined;
  found: CaseView | undefined;
  /** The subgraph every view of the group shares. */
  private readonly view: CaseView;
  private readonly finder: WitnessFinder;
  private nextRoot = 0;
  private counter = 0;
  private comps = 0;
  private sp = 0;
  private fp = 0;
  private readonly cur: Uint32Array;
  private readonly next: Uint32Array;

  constructor(
    private readonly model: Model,
    private readonly graph: ReachableGraph,
    views: readonly CaseView[],
    readonly arrays: TarjanArrays,
  ) {
    if (views.length === 0) throw new Error('engine: a case group without cases');
    this.view = views[0]!;
    this.finder = new WitnessFinder(model, graph.store, views);
    arrays.reset();
    this.cur = new Uint32Array(model.layout.words);
    this.next = new Uint32Array(model.layout.words);
  }

  private push(w: number): void {
    const t = this.arrays;
    t.index[w] = t.low[w] = ++this.counter;
    t.sccStack[this.sp++] = w;
    t.callNode[this.fp] = w;
    t.callAct[this.fp++] = 0;
  }

  /** Pushes the next unvisited member state as a root; false when there is none. */
  private nextTree(): boolean {
    const { index } = this.arrays;
    const n = this.arrays.n;
    while (this.nextRoot < n) {
      const r = this.nextRoot++;
      if (index[r] !== 0) continue;
      this.graph.store.readState(r, this.cur);
      if (!this.view.member(this.cur)) continue;
      this.push(r);
      return true;
    }
    return false;
  }

  /** The share of the states it has started a tree from or passed over (for progress). */
  get fractionTried(): number {
    return this.arrays.n === 0 ? 1 : this.nextRoot / this.arrays.n;
  }

  /** Runs until a counterexample is found, every state is visited, or `deadline` (performance.now()). */
  run(deadline: number): TarjanStatus {
    const { index, low, callNode, callAct, flags } = this.arrays;
    const { cur, next, view } = this;
    const store = this.graph.store;
    const actions = this.model.actions;
    const W = cur.length;
    let ticks = 0;
    for (;;) {
      if (this.fp === 0 && !this.nextTree()) return 'exhausted';
      if (++ticks % CLOCK_EVERY === 0 && performance.now() >= deadline) return 'slice';
      const top = this.fp - 1;
      const v = callNode[top]!;
      store.readState(v, cur);
      let descended = false;
      for (let a = callAct[top]!; a < actions.length; a++) {
        const action = actions[a]!;
        if (!action.enabled(cur)) continue;
        flags[v] = flags[v]! | ENABLED;
        for (let w = 0; w < W; w++) next[w] = cur[w]!;
        action.apply(cur, next);
        if (!view.member(next) || !view.stepAllowed(cur, a, next)) continue;
        const w = store.find(next);
        // Not stored: the graph is partial (maxStates); the edge is left out, which can only hide cycles.
        if (w < 0) continue;
        if (w === v) {
          flags[v] = flags[v]! | SELF_LOOP;
          continue;
        }
        const iw = index[w]!;
        if (iw === 0) {
          callAct[top] = a + 1;
          this.push(w);
          descended = true;
          break;
        }
        if (iw > 0 && iw < low[v]!) low[v] = iw;
      }
      if (descended) continue;
      this.fp--;
      if (this.fp > 0) {
        const p = callNode[this.fp - 1]!;
        if (low[v]! < low[p]!) low[p] = low[v]!;
      }
      if (low[v] === index[v] && this.component(v)) return 'found';
    }
  }

  /** Pops the SCC rooted at `v`; true when it holds a counterexample (then {@link witness} is set). */
  private component(v: number): boolean {
    const { index, sccStack, flags } = this.arrays;
    let k = this.sp - 1;
    while (sccStack[k] !== v) k--;
    const comp = ++this.comps;
    for (let i = k; i < this.sp; i++) index[sccStack[i]!] = -comp;
    const members = sccStack.subarray(k, this.sp);
    this.sp = k;
    const f = flags[v]!;
    const single = members.length === 1;
    if (single && (f & SELF_LOOP) === 0 && (f & ENABLED) !== 0) return false;
    const terminal = single && (f & ENABLED) === 0;
    const got = this.finder.find(index, members, comp, terminal);
    if (got === undefined) return false;
    this.witness = got.witness;
    this.found = got.view;
    return true;
  }
}
