/**
 * `audit-check replay FILE.json [--variant V] [--<knob> v] [--full]`: re-runs a saved counterexample
 * step by step. On its own configuration every state must be the file's; on another variant or knobs
 * it reports the first step that can no longer happen, or that the violation is still reached.
 */
import { readUserFile } from '../../../cli/read-text.js';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { lastState } from '../../../checker/index.js';
import type { Trace } from '../../../checker/types.js';
import { DEFAULT_BOUNDS, VARIANT_NAMES, type AuditConfig, type VariantName } from '../../../model/audit/config.js';
import { knobInfos } from '../../../model/audit/knobs.js';
import { MEMORY_MODELS, type MemoryModelName } from '../../../model/kernel/memory.js';
import { configurationObject } from '../../../report/configuration.js';
import { renderFullTrace } from '../../../report/full-trace.js';
import type { AuditModel } from '../../../model/audit/index.js';
import type { ViolatedProperty } from '../../../report/counterexample.js';
import { parseTraceFile, type TraceFile } from '../../../report/json-trace.js';
import { renderTextTrace } from '../../../report/text-trace.js';
import { configurationOf } from '../configuration.js';
import { searchEntries } from '../../../cli/search-configuration.js';
import { oneOf } from '../../../cli/options.js';
import { isConfigError, type ProtocolCli } from '../../../cli/protocol-cli.js';
import { replayLasso, replaySaved } from '../../../cli/replay-run.js';
import { EXIT, UsageError, oneLine } from '../../../cli/usage-error.js';
import { DEADLOCK, ENGINE_DEADLOCK, prepare, violates, type Prepared } from '../../../cli/verify.js';
import { knobOptions, knobsFrom } from '../options.js';

interface ReplayArgs {
  readonly file: string;
  readonly variant?: string | undefined;
  readonly 'memory-model'?: string | undefined;
  readonly full: boolean;
  readonly [knob: string]: unknown;
}

const EPILOG =
  'Replay takes variant, bounds, knobs, the initial state and the step names from the file and ' +
  'recomputes every state; on the file\'s own configuration each must equal the file\'s state, field ' +
  'by field. The other fields (changes, lane, function, summary, configuration, contextSwitches) are ' +
  'for readers and are recomputed. With --variant, --memory-model or a knob flag the trace runs on that configuration ' +
  'instead: knobs the file set off its variant\'s default carry over, states are not compared. ' +
  'Exit status: 0 the violation is still reached, 1 it is not (a step cannot happen, a state differs, ' +
  'or the property holds at the end), 2 bad usage or not a trace, 4 internal error.';

/** Why a well-formed trace no longer replays; exit status 1. */
export class NoLongerReplays extends Error {}

/**
 * Replays `file` on its own configuration, every state compared (for `litmus export`); throws
 * NoLongerReplays with the reason when it does not reach its violation.
 */
export function replay(cli: ProtocolCli<AuditConfig>, file: TraceFile): {
  model: AuditModel;
  trace: Trace;
  property: ViolatedProperty;
  knobs: Readonly<Record<string, string>>;
  memoryModel: string;
  storeBuffer: number;
} {
  const { prepared } = configure(cli, file, undefined, {});
  const property = file.invariant === ENGINE_DEADLOCK ? DEADLOCK.name : file.invariant;
  const trace = run(file, prepared, true, property);
  const { knobs, memoryModel, storeBuffer } = prepared;
  // Built by the audit protocol (prepare builds `cli.protocol`), so an audit model.
  const model = prepared.model as AuditModel;
  return { model, trace, property: prepared.invariants[0] ?? DEADLOCK, knobs, memoryModel, storeBuffer };
}

export const replayCommand = (cli: ProtocolCli<AuditConfig>): CommandModule<object, ReplayArgs> => ({
  command: 'replay <file>',
  describe: 'replay a saved counterexample (.json), on its own or another variant',
  builder: (y: Argv) =>
    y
      .positional('file', { type: 'string', describe: 'a .json written by audit-check', demandOption: true })
      .options(knobOptions())
      .option('variant', { type: 'string', describe: `replay on this variant instead: ${VARIANT_NAMES.join(' | ')}`, requiresArg: true })
      .option('memory-model', { type: 'string', describe: `replay under this memory model instead: ${MEMORY_MODELS.join(' | ')}`, requiresArg: true })
      .option('full', { type: 'boolean', default: false, describe: 'also print every state in full, step by step' })
      .epilog(EPILOG) as unknown as Argv<ReplayArgs>,
  handler: async (argv: ArgumentsCamelCase<ReplayArgs>) => {
    const file = await load(argv.file);
    const target = argv.variant === undefined ? undefined : oneOf('variant', argv.variant, VARIANT_NAMES);
    const flags = knobsFrom(argv);
    const memory = argv['memory-model'] === undefined ? undefined : oneOf('memory-model', argv['memory-model'], MEMORY_MODELS);
    const same =
      (target === undefined || target === file.variant) && Object.keys(flags).length === 0 && (memory === undefined || memory === (file.memoryModel ?? 'sc'));
    try {
      const { prepared, config } = configure(cli, file, same ? undefined : target ?? (file.variant as VariantName), flags, memory);
      const property = file.invariant === ENGINE_DEADLOCK ? DEADLOCK.name : file.invariant;
      const trace = run(file, prepared, same, property);
      const where = same ? 'the current model, every state as in the file' : `${config.variant} (${describe(config, prepared)})`;
      const still =
        trace.loopStart === undefined
          ? `they still reach the violation of ${property}`
          : `the cycle still closes and is still a counterexample to ${property} (case ${file.case ?? ''})`;
      process.stdout.write(`${argv.file}: ${trace.steps.length} steps replayed on ${where}; ${still}.\n\n`);
      const live = prepared.liveness[0];
      const cx = {
        model: prepared.model,
        trace,
        property: live === undefined ? prepared.invariants[0] ?? DEADLOCK : { name: live.name, summary: live.summary, reads: [] },
        ...(live === undefined || file.case === undefined
          ? {}
          : { liveness: { case: file.case, fairThreads: live.fairThreads.map((t) => prepared.model.threadNames[t] ?? `thread ${t}`) } }),
        variant: config.variant,
        bounds: { ...config.bounds },
        knobs: prepared.knobs,
        memoryModel: prepared.memoryModel,
        ...(prepared.memoryModel === 'sc' ? {} : { storeBuffer: prepared.storeBuffer }),
        configuration: replayConfiguration(config, prepared),
        minimal: false,
        ...(prepared.hidden === undefined ? {} : { hidden: prepared.hidden }),
      };
      process.stdout.write(renderTextTrace(cx));
      if (argv.full) process.stdout.write(`\n${renderFullTrace(cx)}`);
      process.exitCode = EXIT.ok;
    } catch (e) {
      if (!(e instanceof NoLongerReplays)) throw e;
      const head = same
        ? `does not reach the violation of ${file.invariant} any more`
        : `on ${target ?? file.variant}${memory === undefined ? '' : ` under ${memory}`}, does not reach the violation of ${file.invariant}`;
      process.stdout.write(`${argv.file}: ${head}: ${e.message}\n`);
      process.exitCode = EXIT.violated;
    }
  },
});

async function load(path: string): Promise<TraceFile> {
  const text = await readUserFile(path);
  try {
    return parseTraceFile(text);
  } catch (e) {
    throw new UsageError(`${path} is not an audit-check trace: ${oneLine((e as Error).message)}`);
  }
}

/**
 * The configuration to replay on: the file's own (`target` undefined), or `target` with the knobs the
 * file set off its variant's default (those `target` has), then the flags.
 */
function configure(
  cli: ProtocolCli<AuditConfig>,
  file: TraceFile,
  target: VariantName | undefined,
  flags: Readonly<Record<string, string>>,
  memory?: MemoryModelName,
): { prepared: Prepared; config: AuditConfig } {
  if (!(VARIANT_NAMES as readonly string[]).includes(file.variant)) {
    throw new NoLongerReplays(`the model has no variant ${file.variant} (it has ${VARIANT_NAMES.join(', ')})`);
  }
  // The five bounds every trace file has had; later ones (childSyscalls) take their defaults.
  const missing = ['tasks', 'cpus', 'forks', 'ruleOps', 'syscalls'].find((k) => file.bounds[k] === undefined);
  if (missing !== undefined) throw new UsageError(`the trace file's bounds.${missing} is missing`);
  const from = file.variant as VariantName;
  const variant = target ?? from;
  const carried = Object.entries(file.knobs).filter(([name, value]) => {
    const info = knobInfos().find((k) => k.name === name);
    return target === undefined || (info?.defaults[variant] !== undefined && info.defaults[from] !== value);
  });
  const config: AuditConfig = {
    variant, bounds: { ...DEFAULT_BOUNDS, ...file.bounds }, knobs: { ...Object.fromEntries(carried), ...flags },
    ...(memory !== undefined ? { memoryModel: memory } : file.memoryModel === undefined ? {} : { memoryModel: file.memoryModel as MemoryModelName }),
    ...(file.storeBuffer === undefined ? {} : { storeBuffer: file.storeBuffer }),
  };
  const property = file.invariant === ENGINE_DEADLOCK ? DEADLOCK.name : file.invariant;
  try {
    return { prepared: prepare(cli as ProtocolCli, config, [property].filter((n) => n !== DEADLOCK.name)), config };
  } catch (e) {
    if (!isConfigError(cli as ProtocolCli, e)) throw e;
    // A knob flag the variant does not have is the user's mistake; the file's knobs are the file's.
    if (Object.keys(flags).some((k) => e.message.includes(`'${k}'`))) throw new UsageError(e.message);
    throw new NoLongerReplays(`the model rejects its configuration: ${oneLine(e.message)}`);
  }
}

/**
 * Replays a lasso and re-checks it as the liveness check does (the cycle closes, stays in the
 * antecedent, avoids the excluded steps, meets the conditions, is fair); throws NoLongerReplays.
 */
function runLasso(file: TraceFile, prepared: Prepared, same: boolean, property: string): Trace {
  const live = prepared.liveness.find((p) => p.name === property);
  if (live === undefined) throw new NoLongerReplays(`the model has no liveness property ${property}`);
  if (same) checkConfigurationField(file);
  const outcome = replayLasso(prepared.model, live, file.case ?? '', { initial: file.initial, steps: file.steps, loopStart: file.loopStart! }, same);
  if (outcome.kind === 'stopped') {
    throw new NoLongerReplays(outcome.step === 0 ? outcome.reason : `step ${outcome.step}: ${outcome.reason}`);
  }
  return outcome.trace;
}

/** Replays and checks the end state (a lasso: its cycle); throws NoLongerReplays with the reason. */
function run(file: TraceFile, prepared: Prepared, same: boolean, property: string): Trace {
  if (file.loopStart !== undefined) return runLasso(file, prepared, same, property);
  const { model, invariants } = prepared;
  const invariant = invariants[0];
  if (property !== DEADLOCK.name && invariant === undefined) throw new NoLongerReplays(`the model has no invariant ${property}`);
  if (same) checkConfigurationField(file);
  const outcome = replaySaved(model, file.initial, file.steps, same);
  if (outcome.kind === 'stopped') {
    throw new NoLongerReplays(outcome.step === 0 ? outcome.reason : `step ${outcome.step}: ${outcome.reason}`);
  }
  if (!violates(model, invariant, lastState(outcome.trace))) {
    throw new NoLongerReplays(`after its ${outcome.trace.steps.length} steps ${property} holds`);
  }
  return outcome.trace;
}

/** A file whose `configuration` disagrees with its `variant`, `bounds` or `knobs` has been edited. */
function checkConfigurationField(file: TraceFile): void {
  if (file.configuration === undefined) return;
  const own = configurationObject(
    configurationOf(
      {
        variant: file.variant as VariantName, bounds: { ...DEFAULT_BOUNDS, ...file.bounds }, knobs: file.knobs,
        ...(file.memoryModel === undefined ? {} : { memoryModel: file.memoryModel as MemoryModelName }),
        ...(file.storeBuffer === undefined ? {} : { storeBuffer: file.storeBuffer }),
      },
      file.knobs,
      {},
    ),
  );
  const searchKeys = new Set(searchEntries({}).map((e) => e.key));
  for (const [key, value] of Object.entries(file.configuration)) {
    if (searchKeys.has(key) || own[key] === undefined) continue;
    if (own[key] !== value) {
      throw new NoLongerReplays(`the file's configuration says ${key}=${value}, its other fields ${key}=${own[key]}`);
    }
  }
}

function replayConfiguration(config: AuditConfig, prepared: Prepared) {
  const searchKeys = new Set(searchEntries({}).map((e) => e.key));
  return configurationOf(config, prepared.knobs, {}).filter((e) => !searchKeys.has(e.key));
}

function describe(config: AuditConfig, prepared: Prepared): string {
  return replayConfiguration(config, prepared)
    .filter((e) => !e.isDefault && e.key !== 'variant')
    .map((e) => `${e.key}=${e.value}`)
    .join(' ') || 'its defaults';
}
