/**
 * `audit-check check --variant V [--invariant I ...]`: one variant, chosen knobs and bounds; prints
 * each counterexample in the column form.
 */
import { join } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule, InferredOptionTypes } from 'yargs';
import { explainPor } from '../../checker/por/index.js';
import { AuditConfigError, VARIANT_NAMES, type AuditConfig } from '../../model/audit/config.js';
import { resolveConfig } from '../../model/audit/knobs.js';
import { configurationDirName } from '../../report/configuration.js';
import { configurationOf, setConfigurationOf, simulationConfiguration, type SimulationSettings } from '../audit-configuration.js';
import { usageMessage } from '../messages.js';
import {
  BOUND_OPTIONS, MEMORY_OPTION, RUN_OPTIONS, SEARCH_OPTION, VARIANT_FILE_OPTION, boundsFrom, checkOptionsFrom, formatFrom, knobOptions,
  knobsFrom, listValues, memoryModelsFrom, oneOf, storeBufferFrom, variantFrom,
} from '../options.js';
import { exitForCheck, reportNotWritten, runSession } from '../session.js';
import { UsageError } from '../usage-error.js';
import { ALL_PROPERTY_NAMES, defaultProperties, livenessAcross, prepare } from '../verify.js';

const OPTIONS = {
  variant: { type: 'string', describe: `protocol variant (required): ${VARIANT_NAMES.join(' | ')} (or one --variant-file registers)`, requiresArg: true },
  ...VARIANT_FILE_OPTION,
  invariant: {
    type: 'string',
    array: true,
    describe: 'invariant(s) to check, space- or comma-separated (default: all, and deadlock-free)',
    requiresArg: true,
  },
  coverage: {
    type: 'boolean',
    default: false,
    describe: 'explore everything and list the steps never enabled and the invariants that hold vacuously',
  },
  simulate: {
    type: 'number',
    describe: 'instead of a search, N random runs with the same checks (finds violations, never says holds)',
    requiresArg: true,
  },
  seed: { type: 'number', default: 1, describe: 'seed of --simulate\'s random choices', requiresArg: true },
  'explain-por': { type: 'boolean', default: false, describe: 'print the dependency relation partial-order reduction uses, and exit' },
  ...SEARCH_OPTION,
  ...MEMORY_OPTION,
  ...BOUND_OPTIONS,
  ...RUN_OPTIONS,
} as const;
type CheckArgs = InferredOptionTypes<typeof OPTIONS>;


export const CHECK_EPILOG =
  'Exit status: 0 every property holds, 1 a property is violated, 2 bad usage or the counterexamples ' +
  'could not be written (verdicts are printed first), 3 incomplete (a limit or Ctrl-C; through npx, ' +
  'npm reports Ctrl-C as 130), 4 internal error. Counterexamples go to DIR/ for the default ' +
  'configuration and to DIR/<key>=<value>,.../ otherwise. Knob defaults are per variant, as listed ' +
  'above and by `audit-check list`.';

/** The configuration of a check, with the bad-input errors in CLI words. */
async function configFrom(argv: ArgumentsCamelCase<CheckArgs>): Promise<AuditConfig> {
  const variant = await variantFrom(argv);
  const [memoryModel] = memoryModelsFrom(argv['memory-model']);
  return { variant, bounds: boundsFrom(argv), knobs: knobsFrom(argv), memoryModel: memoryModel!, storeBuffer: storeBufferFrom(argv) };
}

/** Steps per simulated run when --max-depth is not given. */
const SIMULATION_STEPS = 200;

function simulationFrom(argv: ArgumentsCamelCase<CheckArgs>): SimulationSettings | undefined {
  const runs = argv.simulate;
  if (runs === undefined) return undefined;
  const whole = (flag: string, v: number, min: number): number => {
    if (!Number.isSafeInteger(v) || v < min) throw new UsageError(`--${flag} must be a whole number >= ${min}, got ${Number.isNaN(v) ? 'not a number' : v}`);
    return v;
  };
  if (argv.coverage) throw new UsageError('--coverage needs a search; it cannot be combined with --simulate');
  return {
    runs: whole('simulate', runs, 1),
    seed: whole('seed', argv.seed, 0),
    maxSteps: whole('max-depth', argv['max-depth'] ?? SIMULATION_STEPS, 1),
  };
}

export const checkCommand: CommandModule<object, CheckArgs> = {
  command: 'check',
  describe: 'check one variant, with chosen knobs, bounds and invariants',
  builder: (y: Argv) =>
    y
      .usage('$0 check --variant V [--invariant I ...] [options]')
      .options(knobOptions())
      .options(OPTIONS)
      .epilog(CHECK_EPILOG),
  handler: async (argv: ArgumentsCamelCase<CheckArgs>) => {
    const config = await configFrom(argv);
    const properties = (listValues(argv.invariant) ?? defaultProperties(config)).map((i) => oneOf('invariant', i, ALL_PROPERTY_NAMES));
    const searchOptions = checkOptionsFrom(argv, oneOf('search', argv.search, ['bfs', 'dfs'] as const));
    const options = argv.coverage ? { ...searchOptions, coverage: true } : searchOptions;
    const choices = { ...options, liveness: livenessAcross(properties, argv.split) };
    const format = formatFrom(argv);
    let resolved: AuditConfig;
    try {
      resolved = resolveConfig(config);
    } catch (e) {
      if (e instanceof AuditConfigError) throw new UsageError(usageMessage(e.message));
      throw e;
    }
    if (argv['explain-por']) {
      const { model, invariants } = prepare(config, properties);
      process.stdout.write(explainPor(model, invariants));
      return;
    }
    const simulate = simulationFrom(argv);
    const configuration =
      simulate === undefined ? configurationOf(config, resolved.knobs, choices) : simulationConfiguration(config, resolved.knobs, simulate);
    const setConfiguration =
      simulate === undefined ? setConfigurationOf(config, resolved.knobs, choices) : configuration.slice(1);
    const out = argv.out === undefined ? undefined : join(argv.out, configurationDirName(setConfiguration));
    const result = await runSession([{ config, properties: [...new Set(properties)] }], {
      check: options,
      format,
      out,
      force: argv.force,
      quiet: argv.quiet,
      split: argv.split,
      shardFile: argv['shard-file'],
      printTraces: true,
      configuration,
      ...(argv.coverage ? { coverage: 'full' as const } : {}),
      ...(simulate === undefined ? {} : { simulate }),
    });
    reportNotWritten(result);
    process.exitCode = exitForCheck(result);
  },
};
