/**
 * Error messages in the CLI's own words: the library's identifiers (`ruleOps`, `knob 'walk-lock'`)
 * become the flags a user types (`--rule-ops`, `--walk-lock`), and every usage error ends by pointing
 * at the `--help` of the command that was run.
 */

/** `ruleOps` → `rule-ops`. */
export function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Rewrites the library's names for bounds and knobs in `message` as CLI flags. */
export function usageMessage(message: string): string {
  return message
    .replace(/\bbound (\w+) = /g, (_, b: string) => `--${kebab(b)} `)
    .replace(/\bexceeds (\w+) = /g, (_, b: string) => `exceeds --${kebab(b)} `)
    // The model may already spell a knob as its flag (`knob '--walk-lock'`): never double the dashes.
    .replace(/\bunknown knob '(?:--)?([\w.][\w.-]*)'/g, 'unknown option --$1')
    .replace(/\bknob '(?:--)?([\w.][\w.-]*)'/g, '--$1');
}

/**
 * `audit-check check --help` when `args` run `check`, else `audit-check --help`; `commands` are the
 * program's named commands (the matrix has none).
 */
export function helpFor(args: readonly string[], commands: readonly string[]): string {
  const command = args.find((a) => !a.startsWith('-'));
  return command !== undefined && commands.includes(command) ? `audit-check ${command} --help` : 'audit-check --help';
}

/** `message (see audit-check check --help)`, unless the message already points at a --help. */
export function withHelpHint(message: string, args: readonly string[], commands: readonly string[]): string {
  return message.includes('--help') ? message : `${message} (see ${helpFor(args, commands)})`;
}
