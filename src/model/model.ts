/**
 * The only contract between a model and the search engine (stateright's `Model`, LTSmin's PINS).
 * The engine sees packed vectors, an ordered list of actions and their declared footprints; it knows
 * nothing of what the fields mean. The model never sees the search order.
 */
import type { FieldId, Layout, StateVector } from './layout.js';

/** Index of an action in {@link Model.actions}; traces record it, so the order is part of the model. */
export type ActionId = number;

/**
 * The fields a step may touch, declared as data so that partial-order reduction can be computed from
 * it. Over-approximating is safe (less reduction); under-approximating makes reduction unsound, and
 * the footprint-honesty property tests exist to catch it.
 */
export interface Footprint {
  /** Every field the guard or the effect may read. */
  readonly reads: readonly FieldId[];
  /** Every field the effect may write. */
  readonly writes: readonly FieldId[];
  /** The fields the guard reads (a subset of `reads`); used for necessary enabling sets. Defaults to `reads`. */
  readonly guard?: readonly FieldId[];
}

/** One atomic small step of one thread (a CPU running a task, or another actor). */
export interface Action {
  /** Unique within the model, e.g. `T0: __audit_syscall_entry`; used in traces and replay files. */
  readonly name: string;
  /** Short label for graph edges, e.g. `__audit_syscall_entry`. Defaults to `name`. */
  readonly label?: string;
  /** Where the step lives in the system being modelled, e.g. `kernel/auditsc.c`. */
  readonly source?: string;
  /** Steps of the same thread are always dependent. */
  readonly thread: number;
  readonly footprint: Footprint;
  /** Guard. Reads only `footprint.guard ?? footprint.reads`. */
  enabled(s: StateVector): boolean;
  /**
   * Effect, called only when `enabled(s)`. On entry `next` holds a copy of `s`; the step writes its
   * changes into `next` and nothing else. Deterministic: the result depends on `s` alone.
   */
  apply(s: StateVector, next: Uint32Array): void;
  /**
   * What a report should say about this step beyond the fields it changed, e.g. a value it read or
   * that an oops freed the context; undefined when there is nothing to add. Reports only.
   */
  note?(before: StateVector, after: StateVector): string | undefined;
}

/**
 * Interchangeable threads: a group of permutations of the state that map the model onto itself (every
 * step of one member has a twin of another member, and initial-state orbits, the properties and the
 * valid-end test are unchanged by them). The search may then store one state per orbit. The engine
 * knows only this function; which threads are interchangeable and how a state is permuted is the
 * model's business.
 */
export interface Symmetry {
  /** What is interchangeable, in the model's words, for reports, e.g. `tasks T1, T2, T3`. */
  readonly description: string;
  /**
   * Writes into `out` the representative of the orbit of `s`: a permutation of `s` by the group, the
   * same for every state of the orbit. `out` may be `s` itself. Hot path: no allocation.
   */
  canonicalize(s: StateVector, out: Uint32Array): void;
  /**
   * Per action, the lowest id of the actions it is interchangeable with (its twins under the group),
   * so that coverage can say a step can happen when one of its twins does.
   */
  readonly actionOrbit: readonly ActionId[];
}

export interface Model {
  /** e.g. `audit/proposed`. */
  readonly name: string;
  readonly layout: Layout;
  readonly initialStates: readonly StateVector[];
  readonly actions: readonly Action[];
  /** Names of threads, indexed by {@link Action.thread}, for reports. */
  readonly threadNames: readonly string[];
  /**
   * A state with no enabled action is a deadlock unless this says it is a valid end (every actor
   * finished). Absent: every state without successors is a valid end.
   */
  isValidEnd?(s: StateVector): boolean;
  /**
   * The swimlane a step is drawn in (e.g. the CPU the task runs on), given the state it starts from.
   * Absent: the thread's name.
   */
  lane?(s: StateVector, action: ActionId): string;
  /**
   * Where the steps applied so far had to cut behaviour short (e.g. a full store buffer made a store
   * visible early), one line each; empty when none did. A `holds` is then bounded by them. The
   * counts are the model's own: read them after a search of a fresh model.
   */
  underApproximations?(): readonly string[];
  /**
   * What step `action` from `s` (to `next`) did, in the model's words, one line each: e.g. the value a
   * load returned, what a store buffer holds now. Reports print them under the step.
   */
  annotate?(s: StateVector, action: ActionId, next: StateVector): readonly string[];
  /** Interchangeable threads, when the model declares some (used only when a search asks for it). */
  readonly symmetry?: Symmetry;
}

/** Successor of `s` by `action` as a fresh vector (for tests, replay and reports; not the hot path). */
export function successor(model: Model, s: StateVector, action: ActionId): Uint32Array {
  const a = model.actions[action];
  if (a === undefined) throw new RangeError(`${model.name}: no action ${action}`);
  const next = Uint32Array.from(s);
  a.apply(s, next);
  return next;
}

/** Ids of the actions enabled in `s`, in model order. */
export function enabledActions(model: Model, s: StateVector): ActionId[] {
  const out: ActionId[] = [];
  model.actions.forEach((a, i) => {
    if (a.enabled(s)) out.push(i);
  });
  return out;
}
