/**
 * `audit-check list`: what the protocol has (for audit: variants, invariants, memory models and knobs),
 * each with a one-line meaning; the protocol renders it (src/cli/protocol-cli.ts).
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { formatFrom } from '../options.js';
import type { ProtocolCli } from '../protocol-cli.js';

interface ListArgs {
  readonly format: string;
}

export function listCommand(cli: ProtocolCli): CommandModule<object, ListArgs> {
  return {
    command: 'list',
    describe: 'list variants, invariants and knobs',
    builder: (y: Argv) =>
      y
        .option('format', { type: 'string', default: 'text', describe: 'output: text | json', requiresArg: true })
        .epilog('Exit status: 0 listed, 2 bad usage. The list names every knob with its default per variant.') as unknown as Argv<ListArgs>,
    handler: (argv: ArgumentsCamelCase<ListArgs>) => {
      process.stdout.write(cli.list(formatFrom(argv)));
    },
  };
}
