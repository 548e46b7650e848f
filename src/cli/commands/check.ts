/**
 * `audit-check check --variant V [--invariant I ...]`: one configuration of the protocol, chosen by
 * its flags (src/cli/protocol-cli.ts); prints each counterexample in the column form.
 */
import { join } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule, InferredOptionTypes } from 'yargs';
import { explainPor } from '../../checker/por/index.js';
import { configurationDirName, type Configuration } from '../../report/configuration.js';
import { simulationConfiguration, type SimulationSettings } from '../search-configuration.js';
import { usageMessage } from '../messages.js';
import { RUN_OPTIONS, SEARCH_OPTION, checkOptionsFrom, formatFrom, listValues, oneOf } from '../options.js';
import { isConfigError, type ParsedArgs, type ProtocolCli } from '../protocol-cli.js';
import { exitForCheck, reportNotWritten, runSession } from '../session.js';
import { UsageError } from '../usage-error.js';
import { defaultProperties, livenessAcross, prepare, propertyNames } from '../verify.js';

const OPTIONS = {
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
} as const;
type CheckArgs = InferredOptionTypes<typeof OPTIONS & typeof RUN_OPTIONS>;

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

/** The knobs `config` resolves to, with a bad configuration as a usage error. */
function resolvedKnobs(cli: ProtocolCli, config: unknown): Readonly<Record<string, string>> {
  try {
    return cli.settings(config).knobs;
  } catch (e) {
    if (isConfigError(cli, e)) throw new UsageError(usageMessage(e.message));
    throw e;
  }
}

/** The header's configuration, and the one the output directory is named after (without the row). */
function configurations(cli: ProtocolCli, config: unknown, knobs: Readonly<Record<string, string>>, choices: Parameters<ProtocolCli['configuration']>[2], simulate: SimulationSettings | undefined): [Configuration, Configuration] {
  const configuration = simulate === undefined ? cli.configuration(config, knobs, choices) : simulationConfiguration(cli.configuration(config, knobs, {}), simulate);
  return [configuration, configuration.slice(1)];
}

export function checkCommand(cli: ProtocolCli): CommandModule<object, CheckArgs> {
  return {
    command: 'check',
    describe: 'check one variant, with chosen knobs, bounds and invariants',
    builder: (y: Argv) =>
      y
        .usage(cli.texts.checkUsage)
        .options(cli.options.leading())
        .options({ ...cli.options.checkSelect, ...OPTIONS, ...cli.options.checkSettings, ...RUN_OPTIONS })
        .epilog(cli.texts.checkEpilog) as unknown as Argv<CheckArgs>,
    handler: async (argv: ArgumentsCamelCase<CheckArgs>) => {
      const config = await cli.checkConfig(argv as unknown as ParsedArgs);
      const names = propertyNames(cli).all;
      const properties = (listValues(argv.invariant) ?? defaultProperties(cli, config)).map((i) => oneOf('invariant', i, names));
      const searchOptions = checkOptionsFrom(argv, oneOf('search', argv.search, ['bfs', 'dfs'] as const));
      if (argv.coverage && (searchOptions.workers ?? 1) > 1) {
        throw new UsageError('--coverage needs --workers 1: the parallel search does not record which steps fire');
      }
      const options = argv.coverage ? { ...searchOptions, coverage: true } : searchOptions;
      const choices = { ...options, liveness: livenessAcross(cli, properties, argv.split) };
      const format = formatFrom(argv);
      const knobs = resolvedKnobs(cli, config);
      if (argv['explain-por']) {
        const { model, invariants } = prepare(cli, config, properties);
        process.stdout.write(explainPor(model, invariants));
        return;
      }
      const simulate = simulationFrom(argv);
      const [configuration, setConfiguration] = configurations(cli, config, knobs, choices, simulate);
      const out = argv.out === undefined ? undefined : join(argv.out, configurationDirName(setConfiguration));
      const result = await runSession(cli, [{ config, properties: [...new Set(properties)] }], {
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
}
