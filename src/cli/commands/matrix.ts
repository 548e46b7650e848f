/**
 * `audit-check` with no command: every variant × every invariant (and deadlock) at the given bounds.
 * A knob flag applies to every variant that has the knob (e.g. `--scheduler implicit` to all,
 * `--exit-clear recheck` to proposed only); the others keep their defaults.
 */
import type { ArgumentsCamelCase, Argv, CommandModule, InferredOptionTypes } from 'yargs';
import { INVARIANTS } from '../../invariants/audit.js';
import { VARIANT_NAMES, type VariantName } from '../../model/audit/config.js';
import { KNOBS } from '../../model/audit/knobs.js';
import { BOUND_OPTIONS, RUN_OPTIONS, boundsFrom, checkOptionsFrom, formatFrom, knobOptions, knobsFrom } from '../options.js';
import { exitForMatrix, runSession } from '../session.js';
import { DEADLOCK } from '../verify.js';

const OPTIONS = { ...BOUND_OPTIONS, ...RUN_OPTIONS } as const;
type MatrixArgs = InferredOptionTypes<typeof OPTIONS>;

/** Default output directory of the matrix. */
export const DEFAULT_OUT = 'counterexamples';

export const matrixCommand: CommandModule<object, MatrixArgs> = {
  command: '$0',
  describe: 'check every variant against every invariant (the verdict matrix)',
  builder: (y: Argv) => y.options(knobOptions()).options(OPTIONS),
  handler: async (argv: ArgumentsCamelCase<MatrixArgs>) => {
    const bounds = boundsFrom(argv);
    const properties = [...INVARIANTS.map((i) => i.name), DEADLOCK.name];
    const given = knobsFrom(argv);
    const knobsOf = (variant: VariantName): Record<string, string> =>
      Object.fromEntries(Object.entries(given).filter(([name]) => KNOBS.find((k) => k.name === name)?.defaults[variant] !== undefined));
    const result = await runSession(
      VARIANT_NAMES.map((variant) => ({ config: { variant, bounds, knobs: knobsOf(variant) }, properties })),
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
