/**
 * `audit-check` with no command: every variant × every invariant (and deadlock) × every memory model
 * at the given bounds.
 * A knob flag applies to every variant that has the knob (e.g. `--scheduler implicit` to all,
 * `--exit-clear recheck` to proposed only); the others keep their defaults.
 */
import type { ArgumentsCamelCase, Argv, CommandModule, InferredOptionTypes } from 'yargs';
import { INVARIANTS } from '../../invariants/audit.js';
import { VARIANT_NAMES, type VariantName } from '../../model/audit/config.js';
import { knobInfos } from '../../model/audit/knobs.js';
import { loadVariantFile } from '../variant-file.js';
import { BOUND_OPTIONS, MEMORY_LIST_OPTION, VARIANT_FILE_OPTION, RUN_OPTIONS, memoryModelsFrom, storeBufferFrom, boundsFrom, checkOptionsFrom, formatFrom, knobOptions, knobsFrom } from '../options.js';
import { exitForMatrix, runSession } from '../session.js';
import { DEADLOCK } from '../verify.js';

const OPTIONS = { ...VARIANT_FILE_OPTION, ...MEMORY_LIST_OPTION, ...BOUND_OPTIONS, ...RUN_OPTIONS } as const;
type MatrixArgs = InferredOptionTypes<typeof OPTIONS>;

/** Default output directory of the matrix. */
export const DEFAULT_OUT = 'counterexamples';

export const matrixCommand: CommandModule<object, MatrixArgs> = {
  command: '$0',
  describe: 'check every variant against every invariant (the verdict matrix)',
  builder: (y: Argv) => y.options(knobOptions()).options(OPTIONS),
  handler: async (argv: ArgumentsCamelCase<MatrixArgs>) => {
    // A variant file adds its variant as the last row.
    const own = argv['variant-file'] === undefined ? [] : [await loadVariantFile(argv['variant-file'])];
    const knobInfo = knobInfos();
    const bounds = boundsFrom(argv);
    const properties = [...INVARIANTS.map((i) => i.name), DEADLOCK.name];
    const given = knobsFrom(argv);
    const knobsOf = (variant: VariantName): Record<string, string> =>
      Object.fromEntries(Object.entries(given).filter(([name]) => knobInfo.find((k) => k.name === name)?.defaults[variant] !== undefined));
    const models = memoryModelsFrom(argv['memory-model']);
    const storeBuffer = storeBufferFrom(argv);
    // Variants outer, models inner: the rows of one variant sit together, so a changed verdict shows.
    const cells = [...VARIANT_NAMES, ...own].flatMap((variant) => models.map((memoryModel) => ({
      config: { variant, bounds, knobs: knobsOf(variant), memoryModel, storeBuffer }, properties,
    })));
    const result = await runSession(
      cells,
      {
        check: checkOptionsFrom(argv),
        format: formatFrom(argv),
        out: argv.out ?? DEFAULT_OUT,
        quiet: argv.quiet,
        split: argv.split,
        shardFile: argv['shard-file'],
        printTraces: false,
      },
    );
    process.exitCode = exitForMatrix(result);
  },
};
