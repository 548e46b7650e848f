/**
 * audit-check's command line over one protocol's {@link ProtocolCli}. Parsing only: the commands call
 * the library and map verdicts to exit statuses (0 ok, 1 violated, 2 bad usage, 3 incomplete, 4
 * internal error). Bad input never shows a stack trace: one line on stderr saying what is wrong and
 * what is allowed.
 */
import yargs, { type CommandModule } from 'yargs';
import { checkCommand } from './commands/check.js';
import { listCommand } from './commands/list.js';
import { matrixCommand } from './commands/matrix.js';
import { mergeCommand } from './commands/merge.js';
import { replayCommand } from './commands/replay-file.js';
import { installInterruptHandler } from './interrupt.js';
import { explainYargsError } from './unknown-args.js';
import { usageMessage, withHelpHint } from './messages.js';
import { asCommand, isConfigError, type ProtocolCli } from './protocol-cli.js';
import { EXIT, UsageError, oneLine } from './usage-error.js';
import { UnsupportedLivenessOptionError } from '../api/liveness.js';

function die(status: number, message: string): never {
  process.stderr.write(`audit-check: ${oneLine(message)}\n`);
  process.exit(status);
}

/** The named commands (`check`, ...; the matrix is `$0`), for help hints and "did you mean". */
function commandNames(commands: readonly CommandModule[]): string[] {
  return commands.flatMap((c) => {
    const name = (Array.isArray(c.command) ? c.command[0] : c.command)?.split(' ')[0];
    return name === undefined || name === '$0' ? [] : [name];
  });
}

/** Runs the command line `args` (without node and the script) over `protocol`. */
export async function runCli(protocol: ProtocolCli, args: readonly string[]): Promise<void> {
  const ARGS = [...args];
  const commands = protocol.commands({
    matrix: asCommand(matrixCommand(protocol)),
    check: asCommand(checkCommand(protocol)),
    ...(protocol.replay === undefined ? {} : { replay: asCommand(replayCommand(protocol)) }),
    merge: asCommand(mergeCommand),
    list: asCommand(listCommand(protocol)),
  });
  const names = commandNames(commands);
  const report = (e: unknown): never => {
    if (e instanceof UsageError || isConfigError(protocol, e) || e instanceof UnsupportedLivenessOptionError) {
      die(EXIT.usage, withHelpHint(usageMessage(e.message), ARGS, names));
    }
    const err = e instanceof Error ? e : new Error(String(e));
    if (process.env['AUDIT_CHECK_DEBUG'] !== undefined) process.stderr.write(`${err.stack ?? err.message}\n`);
    die(EXIT.internal, `internal error: ${err.message} (set AUDIT_CHECK_DEBUG=1 for the stack)`);
  };
  try {
    await main(protocol, ARGS, commands, names, report);
  } catch (e) {
    report(e);
  }
}

/** `audit-check ... | head` closes stdout early: stop quietly, as other Unix tools do. */
function quietOnClosedPipe(stream: NodeJS.WriteStream, report: (e: unknown) => never): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
    report(e);
  });
}

/**
 * A flag that takes one value, given twice, arrives as an array (lists need
 * 'duplicate-arguments-array'): refuse it in one line rather than let a command read an array.
 */
function singleValued(argv: Record<string, unknown>, y?: { getOptions(): { array: string[]; key: Record<string, unknown> } }): void {
  // yargs passes its instance (the command's options included) although its types do not say so.
  if (y === undefined) return;
  const { array, key } = y.getOptions();
  const lists = new Set(array);
  for (const k of Object.keys(key)) {
    const v = argv[k];
    if (Array.isArray(v) && !lists.has(k)) throw new UsageError(`--${k} given ${v.length} times (${v.join(', ')}); give it once`);
  }
}

async function main(protocol: ProtocolCli, ARGS: string[], commands: readonly CommandModule[], names: readonly string[], report: (e: unknown) => never): Promise<void> {
  quietOnClosedPipe(process.stdout, report);
  installInterruptHandler();
  let cli = yargs(ARGS)
    .scriptName('audit-check')
    .usage(`$0 [command] [options]\n\n${protocol.texts.about}`);
  for (const c of commands) cli = cli.command(c);
  cli = cli
    .epilog(protocol.texts.epilog)
    .strict()
    .parserConfiguration({ 'duplicate-arguments-array': true })
    .middleware(singleValued)
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(80, process.stdout.columns ?? 80))
    .fail((message: string | null, error: Error | undefined) => {
      // yargs' own validation errors (unknown option, missing value) arrive as a message or a YError.
      if (error === undefined || error === null || error.name === 'YError') {
        die(EXIT.usage, withHelpHint(explainYargsError(message ?? error?.message ?? 'bad usage', ARGS, protocol, names), ARGS, names));
      }
      report(error);
    });
  await cli.parseAsync();
}
