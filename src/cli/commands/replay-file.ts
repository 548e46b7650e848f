/**
 * `audit-check replay FILE.json [--variant V] [--<knob> v] [--full]`: re-runs a saved counterexample
 * step by step. On its own configuration every state must be the file's; on another configuration
 * (the protocol's flags say which: src/cli/protocol-cli.ts) it reports the first step that can no
 * longer happen, or that the violation is still reached.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { lastState } from '../../checker/index.js';
import type { Trace } from '../../checker/types.js';
import { configurationObject, type Configuration } from '../../report/configuration.js';
import type { Counterexample } from '../../report/counterexample.js';
import { renderFullTrace } from '../../report/full-trace.js';
import { parseTraceFile, type TraceFile } from '../../report/json-trace.js';
import { renderTextTrace } from '../../report/text-trace.js';
import { isConfigError, type ParsedArgs, type ProtocolCli, type ReplayTarget } from '../protocol-cli.js';
import { readUserFile } from '../read-text.js';
import { NoLongerReplays, replayLasso, replaySaved } from '../replay-run.js';
import { isSearchKey, withoutSearch } from '../search-configuration.js';
import { EXIT, UsageError, oneLine } from '../usage-error.js';
import { DEADLOCK, ENGINE_DEADLOCK, prepare, violates, type Prepared } from '../verify.js';

interface ReplayArgs {
  readonly file: string;
  readonly full: boolean;
  readonly [flag: string]: unknown;
}

/** The property a file names, in the CLI's words (files before deadlock-free say `deadlock`). */
const propertyOf = (file: TraceFile): string => (file.invariant === ENGINE_DEADLOCK ? DEADLOCK.name : file.invariant);

/**
 * Replays `file` on its own configuration, every state compared (for `litmus export`); throws
 * NoLongerReplays with the reason when it does not reach its violation.
 */
export function replayOwn(cli: ProtocolCli, file: TraceFile): { readonly prepared: Prepared; readonly trace: Trace } {
  const { prepared } = configure(cli, file, undefined);
  return { prepared, trace: run(cli, file, prepared, true, propertyOf(file)) };
}

export function replayCommand(cli: ProtocolCli): CommandModule<object, ReplayArgs> {
  return {
    command: 'replay <file>',
    describe: 'replay a saved counterexample (.json), on its own or another variant',
    builder: (y: Argv) =>
      y
        .positional('file', { type: 'string', describe: 'a .json written by audit-check', demandOption: true })
        .options(cli.options.leading())
        .options(cli.replay?.options ?? {})
        .option('full', { type: 'boolean', default: false, describe: 'also print every state in full, step by step' })
        .epilog(cli.replay?.epilog ?? '') as unknown as Argv<ReplayArgs>,
    handler: async (argv: ArgumentsCamelCase<ReplayArgs>) => {
      const file = await load(argv.file);
      const target = cli.replay?.target(argv as unknown as ParsedArgs, file);
      const same = target === undefined;
      try {
        const { prepared, config } = configure(cli, file, target);
        const property = propertyOf(file);
        const trace = run(cli, file, prepared, same, property);
        const { variant } = cli.label(config);
        const where = same ? 'the current model, every state as in the file' : `${variant} (${describe(cli, config, prepared)})`;
        const still =
          trace.loopStart === undefined
            ? `they still reach the violation of ${property}`
            : `the cycle still closes and is still a counterexample to ${property} (case ${file.case ?? ''})`;
        process.stdout.write(`${argv.file}: ${trace.steps.length} steps replayed on ${where}; ${still}.\n\n`);
        const cx = counterexample(cli, file, config, prepared, trace);
        process.stdout.write(renderTextTrace(cx));
        if (argv.full) process.stdout.write(`\n${renderFullTrace(cx)}`);
        process.exitCode = EXIT.ok;
      } catch (e) {
        if (!(e instanceof NoLongerReplays)) throw e;
        const head = same
          ? `does not reach the violation of ${file.invariant} any more`
          : `on ${target.name}, does not reach the violation of ${file.invariant}`;
        process.stdout.write(`${argv.file}: ${head}: ${e.message}\n`);
        process.exitCode = EXIT.violated;
      }
    },
  };
}

/** The replayed run as a counterexample, for the text and the full trace. */
function counterexample(cli: ProtocolCli, file: TraceFile, config: unknown, prepared: Prepared, trace: Trace): Counterexample {
  const live = prepared.liveness[0];
  const { variant, bounds } = cli.label(config);
  return {
    model: prepared.model,
    trace,
    property: live === undefined ? prepared.invariants[0] ?? DEADLOCK : { name: live.name, summary: live.summary, reads: [] },
    ...(live === undefined || file.case === undefined
      ? {}
      : { liveness: { case: file.case, fairThreads: live.fairThreads.map((t) => prepared.model.threadNames[t] ?? `thread ${t}`) } }),
    variant,
    bounds: { ...bounds },
    knobs: prepared.knobs,
    memoryModel: prepared.memoryModel,
    ...(prepared.memoryModel === 'sc' ? {} : { storeBuffer: prepared.storeBuffer }),
    configuration: replayConfiguration(cli, config, prepared),
    minimal: false,
    ...(prepared.hidden === undefined ? {} : { hidden: prepared.hidden }),
  };
}

async function load(path: string): Promise<TraceFile> {
  const text = await readUserFile(path);
  try {
    return parseTraceFile(text);
  } catch (e) {
    throw new UsageError(`${path} is not an audit-check trace: ${oneLine((e as Error).message)}`);
  }
}

/** The configuration to replay on (the file's own for `target` undefined), its model prepared. */
function configure(cli: ProtocolCli, file: TraceFile, target: ReplayTarget | undefined): { prepared: Prepared; config: unknown } {
  if (cli.replay === undefined) throw new NoLongerReplays(`the ${cli.protocol} protocol does not rebuild configurations from trace files`);
  const config = cli.replay.configFor(file, target);
  const property = propertyOf(file);
  try {
    return { prepared: prepare(cli, config, [property].filter((n) => n !== DEADLOCK.name)), config };
  } catch (e) {
    if (!isConfigError(cli, e)) throw e;
    // A flag the configuration does not take is the user's mistake; the file's settings are the file's.
    if ((target?.flags ?? []).some((k) => e.message.includes(`'${k}'`))) throw new UsageError(e.message);
    throw new NoLongerReplays(`the model rejects its configuration: ${oneLine(e.message)}`);
  }
}

/**
 * Replays a lasso and re-checks it as the liveness check does (the cycle closes, stays in the
 * antecedent, avoids the excluded steps, meets the conditions, is fair); throws NoLongerReplays.
 */
function runLasso(cli: ProtocolCli, file: TraceFile, prepared: Prepared, same: boolean, property: string): Trace {
  const live = prepared.liveness.find((p) => p.name === property);
  if (live === undefined) throw new NoLongerReplays(`the model has no liveness property ${property}`);
  if (same) checkConfigurationField(cli, file);
  const outcome = replayLasso(prepared.model, live, file.case ?? '', { initial: file.initial, steps: file.steps, loopStart: file.loopStart! }, same);
  if (outcome.kind === 'stopped') throw stoppedAt(outcome);
  return outcome.trace;
}

/** Replays and checks the end state (a lasso: its cycle); throws NoLongerReplays with the reason. */
function run(cli: ProtocolCli, file: TraceFile, prepared: Prepared, same: boolean, property: string): Trace {
  if (file.loopStart !== undefined) return runLasso(cli, file, prepared, same, property);
  const { model, invariants } = prepared;
  const invariant = invariants[0];
  if (property !== DEADLOCK.name && invariant === undefined) throw new NoLongerReplays(`the model has no invariant ${property}`);
  if (same) checkConfigurationField(cli, file);
  const outcome = replaySaved(model, file.initial, file.steps, same);
  if (outcome.kind === 'stopped') throw stoppedAt(outcome);
  if (!violates(model, invariant, lastState(outcome.trace))) {
    throw new NoLongerReplays(`after its ${outcome.trace.steps.length} steps ${property} holds`);
  }
  return outcome.trace;
}

/** Where and why a replay stopped short (step 0: before its first step, e.g. a bad initial state). */
function stoppedAt(outcome: { readonly step: number; readonly reason: string }): NoLongerReplays {
  return new NoLongerReplays(outcome.step === 0 ? outcome.reason : `step ${outcome.step}: ${outcome.reason}`);
}

/** A file whose `configuration` disagrees with its other fields (variant, bounds, knobs) has been edited. */
function checkConfigurationField(cli: ProtocolCli, file: TraceFile): void {
  if (file.configuration === undefined) return;
  const own = configurationObject(cli.configuration(cli.replay!.configFor(file, undefined), file.knobs, {}));
  for (const [key, value] of Object.entries(file.configuration)) {
    if (isSearchKey(key) || own[key] === undefined) continue;
    if (own[key] !== value) {
      throw new NoLongerReplays(`the file's configuration says ${key}=${value}, its other fields ${key}=${own[key]}`);
    }
  }
}

function replayConfiguration(cli: ProtocolCli, config: unknown, prepared: Prepared): Configuration {
  return withoutSearch(cli.configuration(config, prepared.knobs, {}));
}

function describe(cli: ProtocolCli, config: unknown, prepared: Prepared): string {
  return replayConfiguration(cli, config, prepared)
    .filter((e) => !e.isDefault && e.key !== 'variant')
    .map((e) => `${e.key}=${e.value}`)
    .join(' ') || 'its defaults';
}
