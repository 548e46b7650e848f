/**
 * `audit-check` with no command: every cell the protocol's matrix has (for audit: every variant ×
 * every memory model) × every invariant (and deadlock-free) at the given bounds. Each configuration
 * gets its own directory, so a run with options never replaces the default set.
 */
import { join } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule, InferredOptionTypes } from 'yargs';
import { configurationDirName } from '../../report/configuration.js';
import { RUN_OPTIONS, checkOptionsFrom, formatFrom, type RunOptions } from '../options.js';
import type { ParsedArgs, ProtocolCli } from '../protocol-cli.js';
import { exitForMatrix, reportNotWritten, runSession } from '../session.js';
import { livenessAcross } from '../verify.js';

type MatrixArgs = InferredOptionTypes<typeof RUN_OPTIONS>;

/** Default output directory of the matrix. */
export const DEFAULT_OUT = 'counterexamples';

export function matrixCommand(cli: ProtocolCli): CommandModule<object, MatrixArgs> {
  return {
    command: '$0',
    describe: 'check every variant against every invariant (the verdict matrix)',
    builder: (y: Argv) => y.options(cli.options.leading()).options({ ...cli.options.matrix, ...RUN_OPTIONS }).epilog(cli.texts.matrixEpilog) as unknown as Argv<MatrixArgs>,
    handler: async (argv: ArgumentsCamelCase<MatrixArgs>) => {
      let parsed: RunOptions | undefined;
      // Coverage costs little and the matrix explores every state anyway (deadlock-free holds or not).
      const plan = await cli.matrix(argv as unknown as ParsedArgs, () => {
        parsed = { ...checkOptionsFrom(argv), coverage: true };
      });
      const check = parsed ?? { ...checkOptionsFrom(argv), coverage: true };
      const configuration = plan.configuration({ ...check, liveness: livenessAcross(cli, plan.properties, argv.split) });
      const cells = plan.cells.map((config) => ({ config, properties: plan.properties }));
      const result = await runSession(cli, cells, {
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
        note: plan.note,
      });
      reportNotWritten(result);
      process.exitCode = exitForMatrix(result);
    },
  };
}
