/**
 * One search over one audit configuration for the CLI: the library's `runCheck` does the work (build,
 * search in slices or on workers, polish and re-check counterexamples); this maps its outcome to
 * table rows and counterexample sets.
 */
import type { CheckOptions, ShardStats } from '../checker/types.js';
import { DEADLOCK_PROPERTY, isDeadlocked } from '../checker/property.js';
import type { Invariant } from '../invariants/invariant.js';
import type { StateVector } from '../model/layout.js';
import type { Model } from '../model/model.js';
import type { AuditModel } from '../model/audit/index.js';
import type { AuditConfig } from '../model/audit/config.js';
import { resolveConfig } from '../model/audit/index.js';
import { auditProtocol } from '../protocols/audit.js';
import { runCheck } from '../api/run.js';
import type { Counterexample, ViolatedProperty } from '../report/counterexample.js';
import type { CellResult } from '../report/results.js';
import { interruptSignal } from './interrupt.js';
import type { ProgressReporter } from './progress.js';

export { isBookkeeping } from '../protocols/audit.js';

/** The engine's own property: a state with no enabled step that is not a valid end. */
export const DEADLOCK: ViolatedProperty = { name: DEADLOCK_PROPERTY.name, summary: DEADLOCK_PROPERTY.summary, reads: [] };

export interface VerifyOutcome {
  readonly results: readonly CellResult[];
  readonly counterexamples: readonly Counterexample[];
  readonly interrupted: boolean;
  /** A sharded search's split. */
  readonly shard?: ShardStats;
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
  const { model, invariants: all, knobs } = auditProtocol(config);
  const invariants = properties.flatMap((p) => all.filter((i) => i.name === p));
  const { memoryModel, storeBuffer } = resolveConfig(config);
  return { model, invariants, deadlock: properties.includes(DEADLOCK.name), knobs, memoryModel, storeBuffer };
}

/** Whether `s` violates `property` of `model` (an invariant, or deadlock when undefined). */
export function violates(model: Model, property: Invariant | undefined, s: StateVector): boolean {
  return property !== undefined ? !property.holds(s) : isDeadlocked(model, s);
}

/** Checks `properties` of `config` in one search. Results come back in the order of `properties`. */
export async function verify(
  search: number,
  config: AuditConfig,
  properties: readonly string[],
  options: CheckOptions & { readonly workers?: number },
  progress: ProgressReporter,
): Promise<VerifyOutcome> {
  const { memoryModel, storeBuffer } = resolveConfig(config);
  const cell = memoryModel === 'sc' ? config.variant : `${config.variant}@${memoryModel}`;
  const what = properties.length === 1 ? `${cell}/${properties[0]}` : cell;
  const { workers, ...engine } = options;
  const outcome = await runCheck({
    protocol: 'audit',
    config,
    properties,
    // Default per model: under the weak models every invariant reads every store buffer (it is
    // judged on drained states), so every buffered store is visible and stubborn sets prune nothing.
    options: { ...engine, por: engine.por ?? memoryModel === 'sc' },
    ...(workers === undefined ? {} : { workers }),
    signal: interruptSignal(),
    onProgress: progress.callback(what),
  });
  progress.done();
  const { instance, result, properties: outcomes, underApproximations: bounded } = outcome;
  const { model, knobs } = instance;
  const stats = {
    search,
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
  for (const o of outcomes) {
    const base = { variant: config.variant, invariant: o.property.name, verdict: o.verdict, ...stats };
    if (o.trace === undefined) {
      const stopped = o.verdict === 'incomplete' && result.stopped !== undefined ? { stopped: result.stopped } : {};
      results.push({ ...base, ...stopped });
      continue;
    }
    const property: ViolatedProperty = o.property.kind === 'invariant' ? o.property.invariant : DEADLOCK;
    const cx: Counterexample = {
      model,
      trace: o.trace,
      property,
      variant: config.variant,
      bounds: { ...config.bounds },
      knobs,
      memoryModel,
      ...(memoryModel === 'sc' ? {} : { storeBuffer }),
      minimal: o.minimal ?? false,
    };
    counterexamples.push(instance.hidden === undefined ? cx : { ...cx, hidden: instance.hidden });
    results.push({ ...base, traceLength: o.trace.steps.length, contextSwitches: o.contextSwitches ?? 0 });
  }
  return { results, counterexamples, interrupted: result.stopped === 'interrupted', ...(result.shard === undefined ? {} : { shard: result.shard }) };
}
