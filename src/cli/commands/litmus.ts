/**
 * `audit-check litmus check FILE.litmus`: runs a C litmus test through the built-in Linux-kernel
 * memory model checker. Exit 0 when the condition cannot happen (Forbidden), 1 when it can
 * (Allowed), 2 for a file it cannot read, parse or support (one line naming the line).
 */
import { readFile } from 'node:fs/promises';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { LitmusError, Unsupported } from '../../litmus/ast.js';
import { checkLitmus, type CheckResult } from '../../litmus/check.js';
import { MEMORY_MODELS, type MemoryModel } from '../../litmus/lkmm.js';
import { parseLitmus } from '../../litmus/parse.js';
import { litmusJson, renderLitmusText } from '../../litmus/report.js';
import type { LitmusTest } from '../../litmus/ast.js';
import { oneOf } from '../options.js';
import { EXIT, UsageError, oneLine } from '../usage-error.js';

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
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : oneLine(String(e))}`);
  }
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

export const litmusCommand: CommandModule = {
  command: 'litmus',
  describe: 'Linux-kernel memory model litmus tests (litmus check FILE.litmus)',
  builder: (y: Argv) => y.command(checkSubcommand).demandCommand(1, 'litmus needs a subcommand: check FILE.litmus'),
  handler: () => undefined,
};
