/**
 * A trace decoded once for every renderer: per step the lane it is drawn in (the CPU), the thread and
 * kernel function, and the fields that changed. Pure: no I/O, no search.
 */
import type { Trace } from '../checker/types.js';
import type { StateVector } from '../model/layout.js';
import type { Model } from '../model/model.js';

/** One field that a step changed. */
export interface FieldChange {
  readonly field: string;
  readonly from: number;
  readonly to: number;
}

export interface StepView {
  /** 1-based position in the trace. */
  readonly index: number;
  /** Full action name, unique in the model (what replay files record). */
  readonly action: string;
  /** Swimlane: {@link Model.lane} of the state the step starts from, else the thread's name. */
  readonly lane: string;
  /** Name of the acting thread (e.g. `T0`, `admin`). */
  readonly thread: string;
  /** The kernel function the step stands for ({@link Action.label}, else the action name). */
  readonly label: string;
  /**
   * The step as traces print it: the action's name without its thread prefix when that names the
   * kernel function (`audit_add_rule:set_tsk_thread_flag(T1)` says more than the bare function),
   * else the function.
   */
  readonly step: string;
  /** Where that function lives, e.g. `kernel/auditsc.c`, when the model says. */
  readonly source?: string;
  readonly changes: readonly FieldChange[];
  /**
   * What the model says about the step beyond its changes: the action's {@link Action.note} (e.g.
   * that an oops freed the context), then {@link Model.annotate}'s lines (values loaded, store buffers).
   */
  readonly notes: readonly string[];
}

export interface TraceView {
  readonly initial: ReadonlyMap<string, number>;
  readonly steps: readonly StepView[];
  /** Decoded states: `states[0]` is the initial state, `states[i]` the state after step i. */
  readonly states: readonly ReadonlyMap<string, number>[];
  /** Lanes in the order they are drawn (natural order: CPU0, CPU1, ..., then the others). */
  readonly lanes: readonly string[];
  /** Steps whose thread differs from the previous step's thread. */
  readonly threadSwitches: number;
  /** A lasso: the trace's `loopStart` (see {@link Trace.loopStart}). */
  readonly loopStart?: number;
}

/** How a lasso's cycle is announced in every renderer. */
export const CYCLE_START = 'cycle: from here the run repeats forever';

/**
 * The line that closes a lasso: back to the state before step `loopStart + 1`, or, for a stutter,
 * that the run stays in its last state (no step is enabled there).
 */
export function cycleEnd(loopStart: number, steps: number): string {
  return loopStart === steps
    ? 'no step is enabled here: the run stays in this state forever'
    : `back to the state before step ${loopStart + 1}: steps ${loopStart + 1}..${steps} repeat forever`;
}

const naturalOrder = new Intl.Collator('en', { numeric: true }).compare;

/** Decodes `trace` against `model` for reports. Throws RangeError if a step names no action of `model`. */
export function viewTrace(model: Model, trace: Trace): TraceView {
  const layout = model.layout;
  const states: ReadonlyMap<string, number>[] = [layout.describe(trace.initial)];
  const steps: StepView[] = [];
  const lanes = new Set<string>();
  let before: StateVector = trace.initial;
  let switches = 0;
  let lastThread: number | undefined;
  trace.steps.forEach((step, i) => {
    const action = model.actions[step.action];
    if (action === undefined) throw new RangeError(`${model.name}: trace step ${i + 1} names no action ${step.action}`);
    const thread = model.threadNames[action.thread] ?? `thread ${action.thread}`;
    const lane = model.lane?.(before, step.action) ?? thread;
    const prev = states[states.length - 1]!;
    const next = layout.describe(step.state);
    const changes: FieldChange[] = [];
    for (const [field, to] of next) {
      const from = prev.get(field) ?? 0;
      if (from !== to) changes.push({ field, from, to });
    }
    const note = action.note?.(before, step.state);
    const notes = [...(note === undefined ? [] : [note]), ...(model.annotate?.(before, step.action, step.state) ?? [])];
    if (lastThread !== undefined && lastThread !== action.thread) switches++;
    lastThread = action.thread;
    lanes.add(lane);
    steps.push({
      index: i + 1,
      action: action.name,
      lane,
      thread,
      label: action.label ?? action.name,
      step: stepName(action.name, action.label, thread),
      ...(action.source === undefined ? {} : { source: action.source }),
      changes,
      notes,
    });
    states.push(next);
    before = step.state;
  });
  return {
    initial: states[0]!,
    steps,
    states,
    lanes: [...lanes].sort(naturalOrder),
    threadSwitches: switches,
    ...(trace.loopStart === undefined ? {} : { loopStart: trace.loopStart }),
  };
}

/** `name=value` pairs of the non-zero fields of a decoded state, in layout order, except hidden ones. */
export function nonZeroFields(state: ReadonlyMap<string, number>, hidden: (field: string) => boolean = () => false): string[] {
  const out: string[] = [];
  for (const [name, value] of state) if (value !== 0 && !hidden(name)) out.push(`${name}=${value}`);
  return out;
}

/**
 * The action's name without its thread prefix (`T0: schedule -> auditctl` → `schedule -> auditctl`)
 * when that still names the kernel function; otherwise the function itself (`T1: getname` →
 * `__audit_getname`), so every step is named after its kernel function.
 */
function stepName(name: string, label: string | undefined, thread: string): string {
  const colon = name.indexOf(': ');
  const prefix = colon > 0 ? name.slice(0, colon) : '';
  const detail = colon > 0 && (thread === prefix || thread.startsWith(`${prefix} `)) ? name.slice(colon + 2) : name;
  return label === undefined || detail.includes(label) ? detail : label;
}
