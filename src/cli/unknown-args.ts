/**
 * yargs' own complaints in the CLI's words: an unknown option or command is named with dashes as
 * typed, with the nearest known name when there is one.
 */
import { KNOBS } from '../model/audit/knobs.js';
import { COMMANDS } from './messages.js';
import { BOUND_OPTIONS, RUN_OPTIONS, SEARCH_OPTION } from './options.js';
import { didYouMean } from './suggest.js';

/** Every option any command takes, without dashes (for suggestions; yargs has checked the rest). */
export function knownOptions(): string[] {
  return [
    ...Object.keys(BOUND_OPTIONS),
    ...Object.keys(RUN_OPTIONS),
    ...Object.keys(SEARCH_OPTION),
    ...KNOBS.map((k) => k.name),
    'variant',
    'memory-model',
    'variant-file',
    'workers',
    'shard',
    'shard-file',
    'shard-depth',
    'store-buffer',
    'model',
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
export function explainYargsError(message: string, args: readonly string[]): string {
  const m = /^Unknown arguments?: (.+)$/.exec(message);
  if (m === null) return message;
  const names = m[1]!.split(', ');
  return names
    .map((name) => {
      const typed = args.find((a) => a === `--${name}` || a.startsWith(`--${name}=`) || a === `-${name}`);
      if (typed !== undefined) {
        // Another command's option: suggesting the very name would be no help.
        const command = COMMANDS.find((c) => c === args[0]) ?? 'the matrix (no command)';
        if (knownOptions().includes(name)) return `--${name} is not an option of ${command}; another command takes it`;
        return `unknown option --${name}${didYouMean(name, knownOptions(), (n) => `--${n}`)}`;
      }
      return `unknown command ${JSON.stringify(name)}${didYouMean(name, COMMANDS)}; commands: ${COMMANDS.join(', ')}, or none for the matrix`;
    })
    .join('; ');
}
