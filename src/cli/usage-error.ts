/**
 * Bad input from the user: exit status 2 and exactly one line on stderr, never a stack trace.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Exit statuses, as documented in the README. */
export const EXIT = {
  /** Every check completed (and, for `check`, every property holds; for `replay`, the violation is reached). */
  ok: 0,
  /** A property is violated (`check`), or a saved trace no longer reaches its violation (`replay`). */
  violated: 1,
  /** Bad usage: unknown names, bounds out of range, a file that is not a trace. */
  usage: 2,
  /** A search stopped early (a limit, or Ctrl-C): some verdicts are unknown. */
  incomplete: 3,
  /** A bug in audit-check itself (e.g. a trace that does not replay). */
  internal: 4,
} as const;

/** Collapses a message to one line (yargs and the model may use several). */
export function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
