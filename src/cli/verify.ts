/**
 * One search over one protocol configuration for the CLI: the library's `runCheck` does the work
 * (build, search in slices or on workers, polish and re-check counterexamples); this maps its
 * outcome to table rows and counterexample sets. The protocol is known only through its
 * {@link ProtocolCli}.
 */
import type { ShardStats } from '../checker/types.js';
import { DEADLOCK_PROPERTY, isDeadlocked, type LivenessProperty } from '../checker/property.js';
import type { Invariant } from '../invariants/invariant.js';
import type { StateVector } from '../model/layout.js';
import type { Model } from '../model/model.js';
import { ConfigError, protocolNamed } from '../protocols/registry.js';
import { runCheck, type RunOutcome } from '../api/run.js';
import { runCheckInWorker } from '../api/run-in-worker.js';
import type { Counterexample, ViolatedProperty } from '../report/counterexample.js';
import { configurationObject, type Configuration } from '../report/configuration.js';
import type { SearchCoverage } from '../report/coverage.js';
import type { CellResult } from '../report/results.js';
import { interruptSignal } from './interrupt.js';
import type { ProtocolCli } from './protocol-cli.js';
import { symmetryUsed } from './symmetry.js';
import type { RunOptions } from './options.js';
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
export const ENGINE_DEADLOCK = DEADLOCK_PROPERTY.name;

/** The engine's result name for a property name. */
export function engineName(property: string): string {
  return property === DEADLOCK.name ? ENGINE_DEADLOCK : property;
}

/** The CLI's name for an engine result name. */
function cliName(property: string): string {
  return property === ENGINE_DEADLOCK ? DEADLOCK.name : property;
}

export interface VerifyOutcome {
  readonly results: readonly CellResult[];
  readonly counterexamples: readonly Counterexample[];
  readonly interrupted: boolean;
  /** A sharded search's split. */
  readonly shard?: ShardStats;
  /** With `options.coverage`. */
  readonly coverage?: SearchCoverage;
}

export interface Prepared {
  readonly model: Model;
  /** The protocol's fields reports leave out. */
  readonly hidden?: (field: string) => boolean;
  /** The named invariants the model has, in the order asked; unknown names are left out. */
  readonly invariants: readonly Invariant[];
  /** The named liveness properties the model has, in the order asked. */
  readonly liveness: readonly LivenessProperty[];
  /** Whether `deadlock` was asked for. */
  readonly deadlock: boolean;
  /** Every knob of the variant with its resolved value. */
  readonly knobs: Readonly<Record<string, string>>;
  readonly memoryModel: string;
  /** Store-buffer entries per CPU (meaningful under a weak memory model only). */
  readonly storeBuffer: number;
}

/** Every property name `cli`'s protocol accepts: invariants, deadlock-free, then the liveness properties. */
export function propertyNames(cli: ProtocolCli): { readonly safety: readonly string[]; readonly all: readonly string[] } {
  const safety = [...cli.invariants.map((i) => i.name), DEADLOCK.name];
  return { safety, all: [...safety, ...cli.liveness] };
}

/**
 * Whether the searches over `properties` check liveness: with `split` (one search per property) over
 * a mix of liveness and safety, only `some` do, and the others may use POR and symmetry.
 */
export function livenessAcross(cli: ProtocolCli, properties: readonly string[], split: boolean): boolean | 'some' {
  const live = asksLiveness(cli, properties);
  return live && split && properties.some((p) => !cli.liveness.includes(p)) ? 'some' : live;
}

/** Whether `properties` name a liveness property (which decides the reductions a search may use). */
export function asksLiveness(cli: ProtocolCli, properties: readonly string[]): boolean {
  return properties.some((p) => cli.liveness.includes(p));
}

/**
 * What a run checks when no property is named: every invariant and deadlock-free, and the liveness
 * properties when the protocol says the configuration has them (for audit: `--syscalls unbounded`;
 * a bounded run makes them vacuous).
 */
export function defaultProperties(cli: ProtocolCli, config: unknown): string[] {
  const names = propertyNames(cli);
  return cli.livenessByDefault(config) ? [...names.all] : [...names.safety];
}

/** The model for `config` with its properties picked by name (`deadlock` is the engine's). */
export function prepare(cli: ProtocolCli, config: unknown, properties: readonly string[]): Prepared {
  // `deadlock-free` (or the engine's `deadlock`) is the engine's property, not an invariant.
  const ref = cli.ref(config);
  const instance = protocolNamed(ref.protocol).build(ref.config);
  const { model, invariants: all, knobs } = instance;
  const why = cli.livenessUnavailable(instance);
  const asked = properties.find((p) => cli.liveness.includes(p));
  if (why !== undefined && asked !== undefined) throw new ConfigError(`${asked} is a liveness property: ${why}`);
  const invariants = properties.flatMap((p) => all.filter((i) => i.name === p));
  const liveness = properties.flatMap((p) => (instance.liveness ?? []).filter((l) => l.name === p));
  const { memoryModel, storeBuffer } = cli.settings(config);
  const deadlock = properties.includes(DEADLOCK.name) || properties.includes(ENGINE_DEADLOCK);
  return { model, invariants, liveness, deadlock, knobs, memoryModel, storeBuffer, ...(instance.hidden === undefined ? {} : { hidden: instance.hidden }) };
}

/** Whether `s` violates `property` of `model` (an invariant, or deadlock when undefined). */
export function violates(model: Model, property: Invariant | undefined, s: StateVector): boolean {
  return property !== undefined ? !property.holds(s) : isDeadlocked(model, s);
}

/** Checks `properties` of `config` in one search. Results come back in the order of `properties`. */
export async function verify(
  cli: ProtocolCli,
  search: string,
  config: unknown,
  properties: readonly string[],
  options: RunOptions,
  progress: ProgressReporter,
  inWorker = false,
): Promise<VerifyOutcome> {
  const { memoryModel, storeBuffer } = cli.settings(config);
  const { variant, bounds } = cli.label(config);
  const what = search;
  const { workers, jobs: _jobs, symmetryMode, ...engine } = options;
  const wantsLiveness = asksLiveness(cli, properties);
  const symmetry = symmetryUsed(cli.symmetry(config), { symmetryMode, por: engine.por, liveness: wantsLiveness }, cli.texts.symmetryLiveness);
  // Symmetry turns partial-order reduction off (src/cli/symmetry.ts says why); the liveness check
  // refuses partial-order reduction, so it is only the default without one.
  const por = symmetry ? false : engine.por ?? (memoryModel === 'sc' && !wantsLiveness);
  // On a thread of its own when the session runs several searches at once (same outcome).
  const outcome = await (inWorker ? runCheckInWorker : runCheck)({
    ...cli.ref(config),
    properties: properties.map(engineName),
    // Default per model: under the weak models every invariant reads every store buffer (it is
    // judged on drained states), so every buffered store is visible and stubborn sets prune nothing.
    options: { ...engine, por, symmetry },
    ...(workers === undefined ? {} : { workers }),
    signal: interruptSignal(),
    onProgress: progress.callback(what),
  });
  progress.done(what);
  const { instance, result, liveness } = outcome;
  const configuration = cli.configuration(config, instance.knobs, { ...options, liveness: wantsLiveness });
  const cell: CellFacts = { search, variant, bounds, memoryModel, storeBuffer, configuration };
  const { results, counterexamples } = rowsOf(outcome, cell);
  const coverage = coverageOf(outcome, search, properties, por);
  return {
    results,
    counterexamples,
    interrupted: result.stopped === 'interrupted' || liveness?.stopped === 'interrupted',
    ...(result.shard === undefined ? {} : { shard: result.shard }),
    ...(coverage === undefined ? {} : { coverage }),
  };
}

/** What every row and counterexample of one search share. */
interface CellFacts {
  readonly search: string;
  readonly variant: string;
  readonly bounds: Counterexample['bounds'];
  readonly memoryModel: string;
  readonly storeBuffer: number;
  readonly configuration: Configuration;
}

/** One table row per asked property, and a counterexample set for each one violated. */
function rowsOf(outcome: RunOutcome, cell: CellFacts): { results: CellResult[]; counterexamples: Counterexample[] } {
  const { instance, result, properties: outcomes, underApproximations: bounded, liveness } = outcome;
  const { model, knobs } = instance;
  const { search, variant, memoryModel, storeBuffer, configuration } = cell;
  const stats = {
    search,
    configuration: configurationObject(configuration),
    memoryModel,
    ...(bounded.length > 0 ? { bounded } : {}),
    states: result.stats.states,
    transitions: result.stats.transitions,
    depth: result.stats.maxDepth,
    seconds: result.stats.elapsedSeconds,
    ...(result.omissionProbability === undefined ? {} : { omissionProbability: result.omissionProbability }),
  };
  const results: CellResult[] = [];
  const counterexamples: Counterexample[] = [];
  const livenessStats =
    liveness === undefined
      ? stats
      : { ...stats, search: `${search} (liveness)`, states: liveness.stats.states, transitions: liveness.stats.transitions, depth: liveness.stats.maxDepth, seconds: liveness.stats.elapsedSeconds };
  for (const o of outcomes) {
    const live = o.property.kind === 'liveness';
    const base = {
      variant,
      invariant: cliName(o.property.name),
      verdict: o.verdict,
      ...(live ? livenessStats : stats),
      ...(o.assumption === undefined ? {} : { assumes: o.assumption }),
      ...(o.caveat === undefined ? {} : { saysNothingOf: o.caveat }),
    };
    if (o.trace === undefined) {
      const why = live ? liveness?.stopped : result.stopped;
      const stopped = o.verdict === 'incomplete' && why !== undefined ? { stopped: why } : {};
      results.push({ ...base, ...stopped });
      continue;
    }
    const property: ViolatedProperty =
      o.property.kind === 'invariant' ? o.property.invariant
      : o.property.kind === 'liveness' ? { name: o.property.name, summary: o.property.summary, reads: [] }
      : DEADLOCK;
    const cx: Counterexample = {
      model,
      trace: o.trace,
      property,
      variant,
      bounds: { ...cell.bounds },
      knobs,
      memoryModel,
      ...(memoryModel === 'sc' ? {} : { storeBuffer }),
      configuration,
      minimal: o.minimal ?? false,
      ...(o.case === undefined ? {} : { liveness: { case: o.case, fairThreads: o.fairThreads ?? [] } }),
    };
    counterexamples.push(instance.hidden === undefined ? cx : { ...cx, hidden: instance.hidden });
    results.push({ ...base, traceLength: o.trace.steps.length, contextSwitches: o.contextSwitches ?? 0 });
  }
  return { results, counterexamples };
}

/** The search's coverage, when it was asked for: steps never enabled, invariants that hold vacuously. */
function coverageOf(outcome: RunOutcome, search: string, properties: readonly string[], reduced: boolean): SearchCoverage | undefined {
  const { instance, result } = outcome;
  const { model } = instance;
  const c = result.coverage;
  if (c === undefined) return undefined;
  return {
    search,
    neverEnabled: model.actions.filter((_, i) => c.fired[i] !== true).map((a) => a.name),
    // In the order the search was given them: the properties asked for.
    vacuous: properties
      .flatMap((n) => instance.invariants.filter((inv) => inv.name === n))
      .filter((_, i) => c.antecedentSeen[i] === false)
      .map((inv) => inv.name),
    steps: model.actions.length,
    complete: result.complete,
    // Under symmetry a step counts when one of its twins fired (src/checker/symmetry.ts).
    reduced,
  };
}
