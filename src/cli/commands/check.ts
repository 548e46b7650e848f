/**
 * `audit-check check --variant V [--invariant I ...]`: one variant, chosen knobs and bounds; prints
 * each counterexample in the column form.
 */
import type { ArgumentsCamelCase, Argv, CommandModule, InferredOptionTypes } from 'yargs';
import { INVARIANTS } from '../../invariants/audit.js';
import { explainPor } from '../../checker/por/index.js';
import { AuditConfigError, VARIANT_NAMES, type AuditConfig } from '../../model/audit/config.js';
import { BOUND_OPTIONS, MEMORY_OPTION, VARIANT_FILE_OPTION, variantFrom, RUN_OPTIONS, SEARCH_OPTION, memoryModelsFrom, storeBufferFrom, boundsFrom, checkOptionsFrom, formatFrom, knobOptions, knobsFrom, oneOf } from '../options.js';
import { exitForCheck, runSession } from '../session.js';
import { UsageError } from '../usage-error.js';
import { DEADLOCK, prepare } from '../verify.js';

const OPTIONS = {
  variant: { type: 'string', describe: `protocol variant: ${VARIANT_NAMES.join(' | ')} (or one --variant-file registers)`, requiresArg: true },
  ...VARIANT_FILE_OPTION,
  invariant: {
    type: 'string',
    array: true,
    describe: 'invariant(s) to check (default: all, and deadlock)',
    requiresArg: true,
  },
  'explain-por': { type: 'boolean', default: false, describe: 'print the dependency relation partial-order reduction uses, and exit' },
  ...SEARCH_OPTION,
  ...MEMORY_OPTION,
  ...BOUND_OPTIONS,
  ...RUN_OPTIONS,
} as const;
type CheckArgs = InferredOptionTypes<typeof OPTIONS>;

const PROPERTY_NAMES = (): string[] => [...INVARIANTS.map((i) => i.name), DEADLOCK.name];

export const checkCommand: CommandModule<object, CheckArgs> = {
  command: 'check',
  describe: 'check one variant, with chosen knobs, bounds and invariants',
  builder: (y: Argv) =>
    y
      .usage('$0 check --variant V [--invariant I ...] [options]')
      .options(knobOptions())
      .options(OPTIONS),
  handler: async (argv: ArgumentsCamelCase<CheckArgs>) => {
    const variant = await variantFrom(argv);
    const allowed = PROPERTY_NAMES();
    const properties = (argv.invariant ?? allowed).map((i) => oneOf('invariant', String(i), allowed));
    const knobs = knobsFrom(argv);
    const [memoryModel] = memoryModelsFrom(argv['memory-model']);
    const config: AuditConfig = { variant, bounds: boundsFrom(argv), knobs, memoryModel: memoryModel!, storeBuffer: storeBufferFrom(argv) };
    const options = checkOptionsFrom(argv, oneOf('search', argv.search, ['bfs', 'dfs'] as const));
    const format = formatFrom(argv);
    if (argv['explain-por']) {
      try {
        const { model, invariants } = prepare(config, properties);
        process.stdout.write(explainPor(model, invariants));
      } catch (e) {
        if (e instanceof AuditConfigError) throw new UsageError(e.message);
        throw e;
      }
      return;
    }
    const result = await runSession([{ config, properties: [...new Set(properties)] }], {
      check: options,
      format,
      out: argv.out,
      quiet: argv.quiet,
      split: argv.split,
      shardFile: argv['shard-file'],
      printTraces: true,
    });
    process.exitCode = exitForCheck(result);
  },
};
