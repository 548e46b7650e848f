/**
 * `audit-check litmus check FILE.litmus`: runs a C litmus test through the built-in Linux-kernel
 * memory model checker. Exit 0 when the condition cannot happen (Forbidden), 1 when it can
 * (Allowed), 2 for a file it cannot read, parse or support (one line naming the line).
 *
 * `audit-check litmus FILE.json` prints a counterexample as a litmus test, and `audit-check litmus
 * --variant V --pattern NAME` the racing pattern a variant's barriers protect (exit 0; 2 for bad input).
 */
import { readUserFile } from '../../../cli/read-text.js';
import { basename } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { LitmusError, Unsupported } from '../../../litmus/ast.js';
import { checkLitmus, type CheckResult } from '../../../litmus/check.js';
import { MEMORY_MODELS, type MemoryModel } from '../../../litmus/lkmm.js';
import { parseLitmus } from '../../../litmus/parse.js';
import { printLitmus } from '../../../litmus/print.js';
import { ExportError } from '../../../litmus/export/emit.js';
import { PATTERN_NAMES, variantPattern } from '../../../litmus/export/patterns.js';
import { exportTrace } from '../../../litmus/export/trace.js';
import { DEFAULT_BOUNDS, VARIANT_NAMES } from '../../../model/audit/index.js';
import { MEMORY_MODELS as AUDIT_MEMORY_MODELS } from '../../../model/kernel/memory.js';
import { parseTraceFile, type TraceFile } from '../../../report/json-trace.js';
import { NoLongerReplays } from '../../../cli/replay-run.js';
import { replay } from '../replay.js';
import type { ProtocolCli } from '../../../cli/protocol-cli.js';
import type { AuditConfig } from '../../../model/audit/config.js';
import { litmusJson, renderLitmusText } from '../../../litmus/report.js';
import type { LitmusTest } from '../../../litmus/ast.js';
import { oneOf } from '../../../cli/options.js';
import { EXIT, UsageError, oneLine } from '../../../cli/usage-error.js';

interface LitmusCheckArgs {
  readonly file: string;
  readonly format: string;
  readonly model: string;
}

const checkSubcommand: CommandModule<object, LitmusCheckArgs> = {
  command: 'check <file>',
  describe: 'decide a C litmus test (.litmus, tools/memory-model format) under LKMM',
  builder: (y: Argv) =>
    y
      .positional('file', { type: 'string', describe: 'a C litmus test', demandOption: true })
      .option('format', { type: 'string', default: 'text', requiresArg: true, describe: 'output: text | json' })
      .option('model', {
        type: 'string',
        default: 'lkmm',
        requiresArg: true,
        describe: 'lkmm (current linux-kernel.cat) | lkmm-unlock-rf-lock (its earlier lock rule) | sc',
      })
      .epilog(
        'Exit status: 0 Forbidden (no execution the model accepts reaches the condition: the exists cannot happen, ' +
          'or the forall always holds), 1 Allowed (one does; a witness is printed), 2 bad input (one line: file:line:col: problem).',
      ) as unknown as Argv<LitmusCheckArgs>,
  handler: async (argv: ArgumentsCamelCase<LitmusCheckArgs>) => {
    const format = oneOf('format', argv.format, ['text', 'json'] as const);
    const model: MemoryModel = oneOf('model', argv.model, MEMORY_MODELS);
    const test = await load(argv.file);
    let result: CheckResult;
    try {
      result = checkLitmus(test, { model });
    } catch (e) {
      throw asUsage(argv.file, e);
    }
    process.stdout.write(format === 'json' ? `${JSON.stringify(litmusJson(test, argv.file, result), null, 2)}\n` : renderLitmusText(test, result));
    process.exitCode = result.verdict === 'Forbidden' ? EXIT.ok : EXIT.violated;
  },
};

async function load(file: string): Promise<LitmusTest> {
  const text = await readUserFile(file);
  try {
    return parseLitmus(text);
  } catch (e) {
    throw asUsage(file, e);
  }
}

function asUsage(file: string, e: unknown): unknown {
  if (e instanceof LitmusError) return new UsageError(`${file}:${e.line}:${e.col}: ${e.problem}`);
  if (e instanceof Unsupported) return new UsageError(`${file}: ${e.message}`);
  return e;
}

interface LitmusExportArgs {
  readonly file?: string;
  readonly variant?: string;
  readonly pattern?: string;
  readonly memoryModel?: string;
}

export const litmusCommand = (cli: ProtocolCli<AuditConfig>): CommandModule<object, LitmusExportArgs> => ({
  command: 'litmus [file]',
  describe: 'Linux-kernel memory model litmus tests: export a counterexample (.json) or a pattern, or check FILE.litmus',
  builder: (y: Argv) =>
    y
      .command(checkSubcommand)
      .positional('file', { type: 'string', describe: 'a counterexample .json written by audit-check, printed as a litmus test' })
      .option('variant', { type: 'string', requiresArg: true, describe: `with --pattern: the variant (${VARIANT_NAMES.join(', ')})` })
      .option('pattern', { type: 'string', requiresArg: true, describe: `with --variant: ${PATTERN_NAMES.join(' | ')}` })
      .option('memory-model', { type: 'string', requiresArg: true, describe: 'with --pattern: the model to build the variant under (recorded in the header)' })
      .epilog('Exit status: 0 the test was printed, 2 bad input (one line).') as unknown as Argv<LitmusExportArgs>,
  handler: async (argv: ArgumentsCamelCase<LitmusExportArgs>) => {
    process.stdout.write(printLitmus(await exportFromArgs(cli, argv)));
    process.exitCode = EXIT.ok;
  },
});

async function exportFromArgs(cli: ProtocolCli<AuditConfig>, argv: LitmusExportArgs): Promise<LitmusTest> {
  if (argv.file !== undefined) {
    if (argv.variant !== undefined || argv.pattern !== undefined) throw new UsageError('litmus: give either FILE.json or --variant V --pattern NAME, not both');
    return exportFile(cli, argv.file);
  }
  if (argv.variant === undefined || argv.pattern === undefined) {
    throw new UsageError('litmus needs FILE.json, --variant V --pattern NAME, or the subcommand check FILE.litmus');
  }
  const variant = oneOf('variant', argv.variant, VARIANT_NAMES);
  const pattern = oneOf('pattern', argv.pattern, PATTERN_NAMES);
  const memoryModel = argv.memoryModel === undefined ? undefined : oneOf('memory-model', argv.memoryModel, AUDIT_MEMORY_MODELS);
  try {
    return variantPattern({ variant, bounds: DEFAULT_BOUNDS, knobs: {}, ...(memoryModel === undefined ? {} : { memoryModel }) }, pattern);
  } catch (e) {
    if (e instanceof ExportError) throw new UsageError(`litmus: ${e.message}`);
    throw e;
  }
}

async function exportFile(cli: ProtocolCli<AuditConfig>, file: string): Promise<LitmusTest> {
  const text = await readUserFile(file);
  let trace: TraceFile;
  try {
    trace = parseTraceFile(text);
  } catch (e) {
    throw new UsageError(`${file} is not an audit-check trace: ${oneLine((e as Error).message)}`);
  }
  if (trace.loopStart !== undefined) {
    throw new UsageError(`${file} is a lasso (a run that repeats a cycle forever): a litmus test is a finite run, so it has no litmus form`);
  }
  try {
    const r = replay(cli, trace);
    return exportTrace({ ...r, variant: trace.variant, origin: basename(file) });
  } catch (e) {
    if (e instanceof NoLongerReplays) throw new UsageError(`${file} does not replay on the current model: ${oneLine(e.message)}`);
    if (e instanceof ExportError) throw new UsageError(`${file}: ${e.message}`);
    throw e;
  }
}
