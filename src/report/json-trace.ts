/**
 * The replayable counterexample file: the configuration that produced it, the step names in order and
 * every state decoded by field name. Replay needs only `variant`, `bounds`, `knobs`, `initial` and the
 * step `action` names; the rest lets a reader (or a diff) see what the model did.
 */
import { configurationObject } from './configuration.js';
import type { Bounds, Counterexample } from './counterexample.js';
import { viewTrace } from './trace-view.js';

export const TRACE_FORMAT = 'audit-check-trace';
export const TRACE_VERSION = 1;

export interface TraceFileStep {
  /** The action's full, unique name in the model (e.g. `T0: __audit_syscall_entry`). */
  readonly action: string;
  readonly lane: string;
  readonly function: string;
  /** What the step did in the model's words (values loaded, store buffers), when the model says. */
  readonly notes?: readonly string[];
  /** Field → [before, after] for the fields this step changed. */
  readonly changes: Readonly<Record<string, readonly [number, number]>>;
  /** The whole state after the step. */
  readonly state: Readonly<Record<string, number>>;
}

export interface TraceFile {
  readonly format: typeof TRACE_FORMAT;
  readonly version: typeof TRACE_VERSION;
  readonly model: string;
  readonly variant: string;
  /** The violated property: an invariant name or `deadlock`. */
  readonly invariant: string;
  readonly summary: string;
  readonly bounds: Bounds;
  readonly knobs: Readonly<Record<string, string>>;
  /** Absent in files written before memory models existed: `sc`. */
  readonly memoryModel?: string;
  readonly storeBuffer?: number;
  /** The whole configuration as headers name it (variant, bounds, knobs, search); for readers, not replay. */
  readonly configuration?: Readonly<Record<string, string>>;
  readonly contextSwitches: number;
  readonly initial: Readonly<Record<string, number>>;
  readonly steps: readonly TraceFileStep[];
  /**
   * A liveness counterexample (lasso): the run repeats `steps[loopStart..]` forever; the state
   * before `steps[loopStart]` is the last one (`loopStart` = steps.length: it stays in the last state).
   */
  readonly loopStart?: number;
  /** Lasso only: the property's case the cycle is a counterexample to. */
  readonly case?: string;
  /** Lasso only: the threads assumed weakly fair (for readers; the property says which). */
  readonly fairThreads?: readonly string[];
}

/** The file is not an audit-check trace. The message is one line. */
export class TraceFileError extends Error {
  override readonly name = 'TraceFileError';
}

/** The replayable file for `cx`, as an object (serialise with {@link renderJsonTrace}). */
export function toTraceFile(cx: Counterexample): TraceFile {
  const view = viewTrace(cx.model, cx.trace);
  return {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    model: cx.model.name,
    variant: cx.variant,
    invariant: cx.property.name,
    summary: cx.property.summary,
    bounds: { ...cx.bounds },
    knobs: Object.fromEntries(Object.keys(cx.knobs).sort().map((k) => [k, cx.knobs[k]!])),
    memoryModel: cx.memoryModel ?? 'sc',
    ...(cx.storeBuffer === undefined ? {} : { storeBuffer: cx.storeBuffer }),
    configuration: configurationObject(cx.configuration),
    contextSwitches: view.threadSwitches,
    initial: Object.fromEntries(view.initial),
    steps: view.steps.map((s, i) => ({
      action: s.action,
      lane: s.lane,
      function: s.label,
      ...(s.notes.length === 0 ? {} : { notes: s.notes }),
      changes: Object.fromEntries(s.changes.map((c) => [c.field, [c.from, c.to] as const])),
      state: Object.fromEntries(view.states[i + 1]!),
    })),
    ...(cx.trace.loopStart === undefined ? {} : { loopStart: cx.trace.loopStart }),
    ...(cx.liveness === undefined ? {} : { case: cx.liveness.case, fairThreads: [...cx.liveness.fairThreads] }),
  };
}

/** Pretty JSON, one step per few lines, ending with a newline. */
export function renderJsonTrace(cx: Counterexample): string {
  return JSON.stringify(toTraceFile(cx), null, 2) + '\n';
}

type Json = unknown;

function isRecord(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Bounds are counts, or `unbounded` for an actor that loops forever. */
function bounds(v: Json): void {
  if (!isRecord(v)) throw new TraceFileError('bounds must be an object of counts');
  for (const [k, x] of Object.entries(v)) {
    if (x !== 'unbounded' && (typeof x !== 'number' || !Number.isInteger(x) || x < 0)) {
      throw new TraceFileError(`bounds.${k} must be a non-negative integer or "unbounded"`);
    }
  }
}

function numbers(v: Json, what: string): Record<string, number> {
  if (!isRecord(v)) throw new TraceFileError(`${what} must be an object of field values`);
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0) {
      throw new TraceFileError(`${what}.${k} must be a non-negative integer`);
    }
  }
  return v as Record<string, number>;
}


/**
 * Parses and checks the shape of a trace file. Throws {@link TraceFileError} (one line) if `text` is
 * not JSON or not a trace; whether the trace still replays is the replayer's question.
 */
export function parseTraceFile(text: string): TraceFile {
  let v: Json;
  try {
    v = JSON.parse(text);
  } catch {
    throw new TraceFileError('not JSON');
  }
  if (!isRecord(v) || v['format'] !== TRACE_FORMAT) {
    throw new TraceFileError(`not an audit-check trace (expected "format": "${TRACE_FORMAT}")`);
  }
  if (v['version'] !== TRACE_VERSION) {
    throw new TraceFileError(`trace format version ${String(v['version'])} is not supported (expected ${TRACE_VERSION})`);
  }
  for (const key of ['model', 'variant', 'invariant', 'summary'] as const) {
    if (typeof v[key] !== 'string') throw new TraceFileError(`"${key}" must be a string`);
  }
  bounds(v['bounds']);
  const knobs = v['knobs'];
  if (!isRecord(knobs) || Object.values(knobs).some((x) => typeof x !== 'string')) {
    throw new TraceFileError('"knobs" must be an object of strings');
  }
  if (v['memoryModel'] !== undefined && typeof v['memoryModel'] !== 'string') throw new TraceFileError('"memoryModel" must be a string');
  if (v['storeBuffer'] !== undefined && !Number.isInteger(v['storeBuffer'])) throw new TraceFileError('"storeBuffer" must be a whole number');
  numbers(v['initial'], 'initial');
  const steps = v['steps'];
  if (!Array.isArray(steps)) throw new TraceFileError('"steps" must be an array');
  steps.forEach((s: Json, i) => {
    if (!isRecord(s) || typeof s['action'] !== 'string') {
      throw new TraceFileError(`steps[${i}].action must be a string`);
    }
    numbers(s['state'], `steps[${i}].state`);
  });
  const loop = v['loopStart'];
  if (loop !== undefined && (typeof loop !== 'number' || !Number.isInteger(loop) || loop < 0 || loop > steps.length)) {
    throw new TraceFileError(`"loopStart" must be a step index from 0 to ${steps.length}`);
  }
  if (loop !== undefined && typeof v['case'] !== 'string') throw new TraceFileError('a lasso ("loopStart") needs its "case", a string');
  if (loop === undefined && v['case'] !== undefined) throw new TraceFileError('"case" belongs to a lasso, which needs "loopStart"');
  return v as unknown as TraceFile;
}
