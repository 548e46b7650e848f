/**
 * yargs' own complaints in the CLI's words: an unknown option or command is named with dashes as
 * typed, with the nearest known name when there is one.
 */
import { RUN_OPTIONS, SEARCH_OPTION } from './options.js';
import type { ProtocolCli } from './protocol-cli.js';
import { didYouMean } from './suggest.js';

/**
 * Every option any command takes, without dashes (for suggestions; yargs has checked the rest): the
 * protocol's around the search's, in one fixed order (the first of equally near names is suggested).
 */
export function knownOptions(cli: ProtocolCli): string[] {
  return [
    ...cli.options.names.before,
    ...Object.keys(RUN_OPTIONS),
    ...Object.keys(SEARCH_OPTION),
    ...cli.options.names.after,
    'invariant',
    'explain-por',
    'coverage',
    'simulate',
    'seed',
    'full',
    'help',
    'version',
  ];
}

/** `Unknown argument: varient` → `unknown option --varient (did you mean --variant?)`. */
export function explainYargsError(message: string, args: readonly string[], cli: ProtocolCli, commands: readonly string[]): string {
  const m = /^Unknown arguments?: (.+)$/.exec(message);
  if (m === null) return message;
  const names = m[1]!.split(', ');
  return names
    .map((name) => {
      const typed = args.find((a) => a === `--${name}` || a.startsWith(`--${name}=`) || a === `-${name}`);
      if (typed !== undefined) {
        // Another command's option: suggesting the very name would be no help.
        const command = commands.find((c) => c === args[0]) ?? 'the matrix (no command)';
        const known = knownOptions(cli);
        if (known.includes(name)) return `--${name} is not an option of ${command}; another command takes it`;
        return `unknown option --${name}${didYouMean(name, known, (n) => `--${n}`)}`;
      }
      return `unknown command ${JSON.stringify(name)}${didYouMean(name, commands)}; commands: ${commands.join(', ')}, or none for the matrix`;
    })
    .join('; ');
}
