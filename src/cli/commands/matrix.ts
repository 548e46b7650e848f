/**
 * `audit-check` with no command: every variant × every invariant (and deadlock-free) × every memory
 * model at the given bounds. A knob flag applies to every variant that has the knob (e.g. `--scheduler implicit` to all,
 * `--exit-clear recheck` to proposed only); the others keep their defaults. Each configuration gets
 * its own directory, so a run with options never replaces the default set.
 */
import { join } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule, InferredOptionTypes } from 'yargs';
import { VARIANT_NAMES, type VariantName } from '../../model/audit/config.js';
import { knobInfos } from '../../model/audit/knobs.js';
import { loadVariantFile } from '../variant-file.js';
import { configurationDirName } from '../../report/configuration.js';
import { matrixConfiguration } from '../audit-configuration.js';
import {
  BOUND_OPTIONS, MEMORY_LIST_OPTION, RUN_OPTIONS, VARIANT_FILE_OPTION, boundsFrom, checkOptionsFrom, formatFrom, knobOptions, knobsFrom, memoryModelsFrom,
  storeBufferFrom,
} from '../options.js';
import { exitForMatrix, reportNotWritten, runSession } from '../session.js';
import { defaultProperties, livenessAcross } from '../verify.js';

const OPTIONS = { ...VARIANT_FILE_OPTION, ...MEMORY_LIST_OPTION, ...BOUND_OPTIONS, ...RUN_OPTIONS } as const;
type MatrixArgs = InferredOptionTypes<typeof OPTIONS>;

/** Default output directory of the matrix. */
export const DEFAULT_OUT = 'counterexamples';

const EPILOG =
  'Exit status: 0 every check completed (whatever the verdicts), 2 bad usage or the counterexamples ' +
  'could not be written (verdicts are printed first), 3 some check incomplete (a limit or Ctrl-C; ' +
  'through npx, npm reports Ctrl-C as 130), 4 internal error. Counterexamples go to ' +
  `${DEFAULT_OUT}/ (or --out DIR) for the default configuration, and to ${DEFAULT_OUT}/<key>=<value>,.../ ` +
  'for any other, e.g. counterexamples/preempt=full/. Knobs not given take each variant\'s default ' +
  '(audit-check list).';

export const matrixCommand: CommandModule<object, MatrixArgs> = {
  command: '$0',
  describe: 'check every variant against every invariant (the verdict matrix)',
  builder: (y: Argv) => y.options(knobOptions()).options(OPTIONS).epilog(EPILOG),
  handler: async (argv: ArgumentsCamelCase<MatrixArgs>) => {
    // A variant file adds its variant as the last row.
    const own = argv['variant-file'] === undefined ? [] : [await loadVariantFile(argv['variant-file'])];
    const knobInfo = knobInfos();
    const bounds = boundsFrom(argv);
    const properties = defaultProperties({ variant: 'legacy', bounds, knobs: {} });
    const given = knobsFrom(argv);
    const knobsOf = (variant: VariantName): Record<string, string> =>
      Object.fromEntries(Object.entries(given).filter(([name]) => knobInfo.find((k) => k.name === name)?.defaults[variant] !== undefined));
    // Coverage costs little and the matrix explores every state anyway (deadlock-free holds or not).
    const check = { ...checkOptionsFrom(argv), coverage: true };
    const models = memoryModelsFrom(argv['memory-model']);
    const storeBuffer = storeBufferFrom(argv);
    const configuration = matrixConfiguration(bounds, given, { ...check, liveness: livenessAcross(properties, argv.split) }, models, storeBuffer);
    // Variants outer, models inner: the rows of one variant sit together, so a changed verdict shows.
    const cells = [...VARIANT_NAMES, ...own].flatMap((variant) =>
      models.map((memoryModel) => ({ config: { variant, bounds, knobs: knobsOf(variant), memoryModel, storeBuffer }, properties })),
    );
    const result = await runSession(
      cells,
      {
        check,
        format: formatFrom(argv),
        out: join(argv.out ?? DEFAULT_OUT, configurationDirName(configuration)),
        force: argv.force,
        quiet: argv.quiet,
        split: argv.split,
        shardFile: argv['shard-file'],
        printTraces: false,
        configuration,
        coverage: 'warnings',
        note: "other knobs: each variant's default (audit-check list); every trace names all",
      },
    );
    reportNotWritten(result);
    process.exitCode = exitForMatrix(result);
  },
};
