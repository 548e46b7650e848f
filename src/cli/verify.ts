/**
 * One search over one configuration: build the audit model, run the engine in slices (so Ctrl-C and
 * progress get a turn), polish each counterexample to a shortest trace with the fewest context
 * switches, and re-check that it replays to a violating state before anyone sees it.
 */
import { createSearch, lastState, minimalTrace, replayTrace, threadSwitches } from '../checker/index.js';
import type { CheckOptions, CheckResult, Trace } from '../checker/types.js';
import type { Invariant } from '../invariants/invariant.js';
import { auditInvariants } from '../invariants/audit.js';
import type { StateVector } from '../model/layout.js';
import { enabledActions, type Model } from '../model/model.js';
import { buildAuditModel, type AuditModel } from '../model/audit/index.js';
import type { AuditConfig } from '../model/audit/config.js';
import type { Counterexample, ViolatedProperty } from '../report/counterexample.js';
import { configurationObject } from '../report/configuration.js';
import type { SearchCoverage } from '../report/coverage.js';
import type { CellResult } from '../report/results.js';
import { configurationOf } from './audit-configuration.js';
import { interruptRequested } from './interrupt.js';
import type { ProgressReporter } from './progress.js';

/**
 * The engine's own property, named for the good behaviour as every invariant is: no reachable state
 * has no enabled step while some actor has not finished. The engine calls it `deadlock`.
 */
export const DEADLOCK: ViolatedProperty = {
  name: 'deadlock-free',
  summary: 'every run can go on until every actor has finished (no state without an enabled step before that)',
  reads: [],
};

/** The engine's name for {@link DEADLOCK}, and the name trace files before deadlock-free used. */
export const ENGINE_DEADLOCK = 'deadlock';

/** The engine's result name for a property name. */
export function engineName(property: string): string {
  return property === DEADLOCK.name ? ENGINE_DEADLOCK : property;
}

/**
 * The audit model's bookkeeping fields (program counters, CPUs, syscall and rule-op counters, the walk
 * cursor): left out of texts and graphs so the kernel state stands out.
 */
export function isBookkeeping(field: string): boolean {
  // Store-buffer slots are shown decoded, as the step's notes.
  return /(^|\.)(pc|cpu|nr_syscalls|rule_ops|walk)$/.test(field) || /\.sb\[\d+\]\./.test(field);
}

/** Slice length between yields to the event loop (SIGINT, progress). */
const SLICE_MS = 200;
/** Bound on the polishing search, so a huge model cannot make polishing cost more than the check. */
const POLISH_MAX_STATES = 2_000_000;

export interface VerifyOutcome {
  readonly results: readonly CellResult[];
  /** With `options.coverage`. */
  readonly coverage?: SearchCoverage;
  readonly counterexamples: readonly Counterexample[];
  readonly interrupted: boolean;
}

export interface Prepared {
  readonly model: AuditModel;
  /** The named invariants the model has, in the order asked; unknown names are left out. */
  readonly invariants: readonly Invariant[];
  /** Whether `deadlock` was asked for. */
  readonly deadlock: boolean;
  /** Every knob of the variant with its resolved value. */
  readonly knobs: Readonly<Record<string, string>>;
  readonly memoryModel: string;
  /** Store-buffer entries per CPU (meaningful under a weak memory model only). */
  readonly storeBuffer: number;
}

/** The audit model for `config` with its invariants picked by name (`deadlock` is the engine's). */
export function prepare(config: AuditConfig, properties: readonly string[]): Prepared {
  const model = buildAuditModel(config);
  const all = auditInvariants(model);
  const invariants = properties.flatMap((p) => all.filter((i) => i.name === p));
  const { knobs, memoryModel, storeBuffer } = model.config;
  return { model, invariants, deadlock: properties.includes(DEADLOCK.name), knobs, memoryModel: memoryModel ?? 'sc', storeBuffer: storeBuffer ?? 2 };
}

/** Whether `s` violates `property` of `model` (an invariant, or deadlock). */
export function violates(model: Model, property: Invariant | undefined, s: StateVector): boolean {
  if (property !== undefined) return !property.holds(s);
  return enabledActions(model, s).length === 0 && !(model.isValidEnd?.(s) ?? true);
}

/** Runs the search in slices until it finishes or Ctrl-C stops it. */
export async function runInSlices(model: Model, invariants: readonly Invariant[], options: CheckOptions): Promise<CheckResult> {
  const search = createSearch(model, invariants, options);
  for (;;) {
    if (interruptRequested()) {
      search.stop('interrupted');
      break;
    }
    if (search.run(SLICE_MS)) break;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return search.result();
}

/**
 * Checks `properties` of `config` in one search. Results come back in the order of `properties`.
 */
export async function verify(
  search: string,
  config: AuditConfig,
  properties: readonly string[],
  options: CheckOptions,
  progress: ProgressReporter,
): Promise<VerifyOutcome> {
  const { model, invariants, deadlock, knobs, memoryModel, storeBuffer } = prepare(config, properties);
  const result = await runInSlices(model, invariants, {
    ...options,
    // Default per model: under the weak models every invariant reads every store buffer (it is
    // judged on drained states), so every buffered store is visible and stubborn sets prune nothing.
    por: options.por ?? memoryModel === 'sc',
    deadlock,
    onProgress: progress.callback(search),
  });
  const configuration = configurationOf(config, knobs, options);
  const configObject = configurationObject(configuration);
  progress.done();
  // Read before polishing and replay apply more steps to the same model.
  const bounded = model.underApproximations?.() ?? [];
  const results: CellResult[] = [];
  const counterexamples: Counterexample[] = [];
  for (const name of properties) {
    const pr = result.properties.find((p) => p.name === engineName(name));
    const invariant = invariants.find((i) => i.name === name);
    const property: ViolatedProperty = invariant ?? DEADLOCK;
    const stats = {
      search,
      configuration: configObject,
      memoryModel,
      ...(bounded.length > 0 ? { bounded } : {}),
      states: result.stats.states,
      transitions: result.stats.transitions,
      depth: result.stats.maxDepth,
      seconds: result.stats.elapsedSeconds,
      ...(result.omissionProbability === undefined ? {} : { omissionProbability: result.omissionProbability }),
    };
    if (pr === undefined || pr.verdict !== 'violated' || pr.trace === undefined) {
      const verdict = pr?.verdict ?? 'incomplete';
      results.push({
        variant: config.variant,
        invariant: name,
        verdict,
        ...stats,
        ...(verdict === 'incomplete' && result.stopped !== undefined ? { stopped: result.stopped } : {}),
      });
      continue;
    }
    const { trace, minimal } = polish(model, invariant, pr.trace);
    const cx: Counterexample = {
      model,
      trace,
      property,
      variant: config.variant,
      bounds: config.bounds,
      knobs,
      memoryModel,
      ...(memoryModel === 'sc' ? {} : { storeBuffer }),
      configuration,
      minimal,
      hidden: isBookkeeping,
    };
    counterexamples.push(cx);
    results.push({
      variant: config.variant,
      invariant: name,
      verdict: 'violated',
      ...stats,
      traceLength: trace.steps.length,
      contextSwitches: threadSwitches(model, trace),
    });
  }
  const c = result.coverage;
  const coverage: SearchCoverage | undefined =
    c === undefined
      ? undefined
      : {
          search,
          neverEnabled: model.actions.filter((_, i) => c.fired[i] !== true).map((a) => a.name),
          vacuous: invariants.filter((_, i) => c.antecedentSeen[i] === false).map((inv) => inv.name),
          steps: model.actions.length,
          complete: result.complete,
          reduced: options.por ?? memoryModel === 'sc',
        };
  return { results, counterexamples, interrupted: result.stopped === 'interrupted', ...(coverage === undefined ? {} : { coverage }) };
}

/**
 * A shortest trace with the fewest context switches (the engine's trace is shortest only in the
 * searched, possibly reduced, graph), replayed from the initial state and re-checked.
 */
function polish(model: Model, invariant: Invariant | undefined, found: Trace): { trace: Trace; minimal: boolean } {
  const bad = (s: StateVector): boolean => violates(model, invariant, s);
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
    throw new Error(`${model.name}: the counterexample for ${invariant?.name ?? DEADLOCK.name} replays to a state that does not violate it`);
  }
  return { trace: replayed, minimal: best !== undefined };
}
