/**
 * The library pipeline: build a protocol's model from its configuration, search it (in slices on this
 * thread, or on worker threads), and join each violated property with a counterexample polished to a
 * shortest trace with the fewest context switches, replayed and re-checked. The CLI is a layer over
 * this; a program can call it directly.
 */
import { createSearch, lastState, minimalTrace, replayTrace, threadSwitches } from '../checker/index.js';
import { DEADLOCK_PROPERTY, invariantProperty, violatesProperty, type LivenessProperty, type Property } from '../checker/property.js';
import type { LivenessResult } from '../checker/liveness/index.js';
import type { CheckOptions, CheckResult, Progress, Trace, Verdict } from '../checker/types.js';
import type { Model } from '../model/model.js';
import { parallelCheck } from '../parallel/index.js';
import { loadProtocol, type ProtocolInstance, type ProtocolRef } from '../protocols/index.js';
import { asCheckResult, fairnessAssumption, livenessInSlices, livenessOptions, refuseUnsupportedForLiveness } from './liveness.js';

export { UnsupportedLivenessOptionError } from './liveness.js';

/** Slice length between yields to the event loop (abort, progress). */
const SLICE_MS = 200;
/** Bound on the polishing search, so a huge model cannot make polishing cost more than the check. */
const POLISH_MAX_STATES = 2_000_000;

export interface RunRequest extends ProtocolRef {
  /**
   * Invariant names of the protocol, `deadlock` and liveness property names; default: every
   * invariant, then deadlock (liveness properties only when named: they need a full search).
   * With a liveness property asked, one full, exact, one-thread exploration decides every asked
   * property (the liveness check's): `por`, `reduction`, `fingerprint`, `shard`, `maxDepth`,
   * `symmetry` and more than one worker are then refused ({@link UnsupportedLivenessOptionError}).
   */
  readonly properties?: readonly string[];
  /** Engine options; `deadlock` and `onProgress` come from `properties` and the field below. */
  readonly options?: Omit<CheckOptions, 'deadlock' | 'onProgress'>;
  /**
   * Worker threads (1: search on this thread). Any number gives the same verdicts, counts and traces;
   * more than 1 needs BFS and no custom `reduction`.
   */
  readonly workers?: number;
  /** Aborting stops the search; what was explored is reported, `incomplete` with `interrupted`. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: Progress) => void;
}

export interface PropertyOutcome {
  readonly property: Property;
  readonly verdict: Verdict;
  /** Violated only: a shortest trace with the fewest context switches (unless `minimal` is false). */
  readonly trace?: Trace;
  /** False when polishing hit its state bound and the engine's trace is shown as found. */
  readonly minimal?: boolean;
  readonly contextSwitches?: number;
  /** Liveness, violated: the case the lasso is a counterexample to. */
  readonly case?: string;
  /** Liveness: the threads the verdict assumes weakly fair, and that as a phrase. */
  readonly fairThreads?: readonly string[];
  readonly assumption?: string;
  /** Liveness: what the verdict says nothing of in this configuration (the property's caveat). */
  readonly caveat?: string;
}

export interface RunOutcome {
  readonly instance: ProtocolInstance;
  /**
   * The engine's result (its traces are as found, before polishing): the safety search's, or the
   * liveness check's when only liveness properties were asked.
   */
  readonly result: CheckResult;
  /** The liveness check's result, when a liveness property was asked. */
  readonly liveness?: LivenessResult;
  /** One per asked property, in the order asked. */
  readonly properties: readonly PropertyOutcome[];
  /** Where the model cut behaviour short during the search (see Model.underApproximations). */
  readonly underApproximations: readonly string[];
}

export class UnknownPropertyError extends Error {
  override readonly name = 'UnknownPropertyError';
}

/** The asked properties of `instance`, by name; `deadlock` is the engine's own. */
export function selectProperties(instance: ProtocolInstance, names?: readonly string[]): Property[] {
  const safety: Property[] = [...instance.invariants.map(invariantProperty), DEADLOCK_PROPERTY];
  if (names === undefined) return safety;
  const all: Property[] = [...safety, ...(instance.liveness ?? [])];
  return names.map((n) => {
    const p = all.find((q) => q.name === n);
    if (p === undefined) throw new UnknownPropertyError(`no property ${n} (have ${all.map((q) => q.name).join(', ')})`);
    return p;
  });
}

/** The engine's options: the request's, with deadlock when asked for and the progress callback. */
function engineOptions(props: readonly Property[], request: RunRequest): CheckOptions {
  return {
    ...request.options,
    deadlock: props.some((p) => p.kind === 'deadlock'),
    ...(request.onProgress === undefined ? {} : { onProgress: request.onProgress }),
  };
}

/** Runs the check and joins counterexamples. */
export async function runCheck(request: RunRequest): Promise<RunOutcome> {
  const instance = await loadProtocol(request);
  const props = selectProperties(instance, request.properties);
  const live = props.filter((p): p is LivenessProperty => p.kind === 'liveness');
  const workers = request.workers ?? 1;
  if (live.length > 0) refuseUnsupportedForLiveness(request.options, workers, live.map((p) => p.name));
  const safety = props.filter((p) => p.kind !== 'liveness');
  const invariants = safety.flatMap((p) => (p.kind === 'invariant' ? [p.invariant] : []));
  const options = engineOptions(safety, request);
  const ref: ProtocolRef = { protocol: request.protocol, config: request.config, ...(request.modules === undefined ? {} : { modules: request.modules }) };
  let underApproximations: readonly string[] = [];
  let result: CheckResult | undefined;
  let liveness: LivenessResult | undefined;
  if (workers > 1) {
    const parallel = await parallelCheck(ref, instance.model, invariants, options, workers, request.signal);
    result = parallel;
    underApproximations = parallel.underApproximations;
  } else if (live.length === 0) {
    result = await searchInSlices(instance.model, invariants, options, request.signal);
  } else {
    // One exploration for both kinds: the liveness check needs the whole graph anyway.
    const side = safety.length === 0 ? {} : { safety: { invariants, deadlock: options.deadlock === true } };
    liveness = await livenessInSlices(instance.model, live, { ...livenessOptions(options, request.signal), ...side });
    if (liveness.safety !== undefined) result = safetyResult(liveness);
  }
  // Read before polishing and replay apply more steps to the same model.
  if (workers <= 1) underApproximations = instance.model.underApproximations?.() ?? [];
  const properties = props.map((property) =>
    property.kind === 'liveness' ? livenessOutcome(instance.model, property, liveness!) : joinCounterexample(instance.model, property, result!),
  );
  return { instance, result: result ?? asCheckResult(liveness!), ...(liveness === undefined ? {} : { liveness }), properties, underApproximations };
}

/** The safety verdicts a liveness check decided on its graph, as a safety search's result. */
function safetyResult(r: LivenessResult): CheckResult {
  const stopped = r.graphComplete ? undefined : r.stopped ?? 'max-states';
  return { complete: r.graphComplete, ...(stopped === undefined ? {} : { stopped }), properties: r.safety ?? [], stats: r.stats };
}

/** A liveness verdict with its lasso as the check found it (replayed and re-checked there). */
function livenessOutcome(model: Model, property: LivenessProperty, result: LivenessResult): PropertyOutcome {
  const found = result.properties.find((p) => p.name === property.name)!;
  const fairness = {
    fairThreads: found.fairThreads,
    assumption: fairnessAssumption(found.fairThreads),
    ...(property.caveat === undefined ? {} : { caveat: property.caveat }),
  };
  if (found.trace === undefined) return { property, verdict: found.verdict, ...fairness };
  const trace = found.trace;
  return { property, verdict: 'violated', trace, minimal: false, contextSwitches: threadSwitches(model, trace), case: found.case!, ...fairness };
}

/** A one-thread search run in slices, yielding to the event loop between them. */
export async function searchInSlices(
  model: Model,
  invariants: Parameters<typeof createSearch>[1],
  options: CheckOptions,
  signal?: AbortSignal,
): Promise<CheckResult> {
  const search = createSearch(model, invariants, options);
  for (;;) {
    if (signal?.aborted === true) {
      search.stop('interrupted');
      break;
    }
    if (search.run(SLICE_MS)) break;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return search.result();
}

function joinCounterexample(model: Model, property: Property, result: CheckResult): PropertyOutcome {
  const found = result.properties.find((p) => p.name === property.name);
  if (found === undefined) return { property, verdict: 'incomplete' };
  if (found.verdict !== 'violated' || found.trace === undefined) return { property, verdict: found.verdict };
  const { trace, minimal } = polish(model, property, found.trace);
  return { property, verdict: 'violated', trace, minimal, contextSwitches: threadSwitches(model, trace) };
}

/**
 * A shortest trace with the fewest context switches (the engine's trace is shortest only in the
 * searched, possibly reduced, graph), replayed from the initial state and re-checked.
 */
export function polish(model: Model, property: Property, found: Trace): { trace: Trace; minimal: boolean } {
  const bad = (s: Uint32Array): boolean => violatesProperty(model, property, s);
  // undefined when polishing hit its state bound: the engine's trace is then shown as found. A
  // ReplayError here is a bug in the model or the engine and must surface, not be papered over.
  const best = minimalTrace(model, bad, { maxDepth: found.steps.length, maxStates: POLISH_MAX_STATES });
  const trace = best ?? found;
  const replayed = replayTrace(
    model,
    trace.initial,
    trace.steps.map((s) => s.action),
  );
  if (!bad(lastState(replayed))) {
    throw new Error(`${model.name}: the counterexample for ${property.name} replays to a state that does not violate it`);
  }
  return { trace: replayed, minimal: best !== undefined };
}
