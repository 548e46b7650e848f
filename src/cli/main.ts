#!/usr/bin/env node
/**
 * audit-check's command line. Parsing only: the commands call the library and map verdicts to exit
 * statuses (0 ok, 1 violated, 2 bad usage, 3 incomplete, 4 internal error). Bad input never shows a
 * stack trace: one line on stderr saying what is wrong and what is allowed.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { AuditConfigError } from '../model/audit/config.js';
import { barriersCommand } from './commands/barriers.js';
import { checkCommand } from './commands/check.js';
import { listCommand } from './commands/list.js';
import { litmusCommand } from './commands/litmus.js'; // litmus: issue 10's built-in LKMM checker
import { matrixCommand } from './commands/matrix.js';
import { mergeCommand } from './commands/merge.js';
import { replayCommand } from './commands/replay.js';
import { installInterruptHandler } from './interrupt.js';
import { explainYargsError } from './unknown-args.js';
import { usageMessage, withHelpHint } from './messages.js';
import { EXIT, UsageError, oneLine } from './usage-error.js';
import { UnsupportedLivenessOptionError } from '../api/liveness.js';

const ARGS = hideBin(process.argv);

function die(status: number, message: string): never {
  process.stderr.write(`audit-check: ${oneLine(message)}\n`);
  process.exit(status);
}

function report(e: unknown): never {
  if (e instanceof UsageError || e instanceof AuditConfigError || e instanceof UnsupportedLivenessOptionError) die(EXIT.usage, withHelpHint(usageMessage(e.message), ARGS));
  const err = e instanceof Error ? e : new Error(String(e));
  if (process.env['AUDIT_CHECK_DEBUG'] !== undefined) process.stderr.write(`${err.stack ?? err.message}\n`);
  die(EXIT.internal, `internal error: ${err.message} (set AUDIT_CHECK_DEBUG=1 for the stack)`);
}

/** `audit-check ... | head` closes stdout early: stop quietly, as other Unix tools do. */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
    report(e);
  });
}

async function main(): Promise<void> {
  quietOnClosedPipe(process.stdout);
  installInterruptHandler();
  const cli = yargs(ARGS)
    .scriptName('audit-check')
    .usage('$0 [command] [options]\n\nExhaustive model checker for the Linux TIF_SYSCALL_AUDIT protocol (Feb 2014).')
    .command(matrixCommand)
    .command(checkCommand)
    .command(barriersCommand)
    .command(replayCommand)
    .command(mergeCommand)
    .command(listCommand)
    .command(litmusCommand) // litmus: issue 10
    .epilog(
      'Exit status: 0 done (check: every property holds; replay: the violation is still reached; litmus check: Forbidden), ' +
        '1 a violation (replay: no longer reached; litmus check: the condition is Allowed), 2 bad usage, 3 incomplete (a limit or Ctrl-C), 4 internal error.',
    )
    .strict()
    .parserConfiguration({ 'duplicate-arguments-array': true })
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(80, process.stdout.columns ?? 80))
    .fail((message: string | null, error: Error | undefined) => {
      // yargs' own validation errors (unknown option, missing value) arrive as a message or a YError.
      if (error === undefined || error === null || error.name === 'YError') {
        die(EXIT.usage, withHelpHint(explainYargsError(message ?? error?.message ?? 'bad usage', ARGS), ARGS));
      }
      report(error);
    });
  await cli.parseAsync();
}

main().catch(report);
