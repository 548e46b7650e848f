/**
 * Invariants and deadlock freedom decided while the liveness check builds its graph, so a run that
 * asks for both kinds explores the reachable graph once. The graph is built breadth first and every
 * new state is looked at on insertion, so the first violating state found for a property is at the
 * shortest distance, as in the safety search.
 */
import type { StateVector } from '../../model/layout.js';
import type { Model } from '../../model/model.js';
import type { Invariant } from '../../invariants/invariant.js';
import { DEADLOCK_PROPERTY, isDeadlocked } from '../property.js';
import { traceTo } from '../trace.js';
import type { PropertyResult } from '../types.js';
import type { GraphObserver, ReachableGraph } from './graph.js';

/** The safety properties a liveness check decides on the side. */
export interface SideSafety {
  readonly invariants: readonly Invariant[];
  /** Whether deadlock freedom is asked for. */
  readonly deadlock: boolean;
}

export class SafetyObserver implements GraphObserver {
  /** Per invariant: id of the first state violating it, or -1. */
  private readonly violation: Int32Array;
  private deadlockAt = -1;

  constructor(private readonly model: Model, private readonly safety: SideSafety) {
    this.violation = new Int32Array(safety.invariants.length).fill(-1);
  }

  onState(id: number, s: StateVector): void {
    const { invariants } = this.safety;
    for (let k = 0; k < invariants.length; k++) {
      if (this.violation[k] === -1 && !invariants[k]!.holds(s)) this.violation[k] = id;
    }
  }

  onExpanded(id: number, s: StateVector, successors: number): void {
    const validEnd = this.model.isValidEnd;
    if (this.safety.deadlock && this.deadlockAt === -1 && successors === 0 && validEnd !== undefined && !validEnd(s)) this.deadlockAt = id;
  }

  /** Verdicts in the order invariants, then deadlock; `complete`: the whole graph was explored. */
  results(graph: ReachableGraph, complete: boolean): PropertyResult[] {
    const out: PropertyResult[] = this.safety.invariants.map((inv, k) =>
      this.verdict(graph, complete, inv.name, this.violation[k]!, (s) => !inv.holds(s)));
    if (this.safety.deadlock) {
      out.push(this.verdict(graph, complete, DEADLOCK_PROPERTY.name, this.deadlockAt, (s) => isDeadlocked(this.model, s)));
    }
    return out;
  }

  private verdict(graph: ReachableGraph, complete: boolean, name: string, at: number, bad: (s: StateVector) => boolean): PropertyResult {
    if (at < 0) return { name, verdict: complete ? 'holds' : 'incomplete' };
    return { name, verdict: 'violated', trace: traceTo(this.model, graph.store, graph.roots, at, name, bad) };
  }
}
