/**
 * One line of search progress for stderr: elapsed time and states first, then rate, depth, queue and
 * memory, dropping the last of those until the line fits the width (the elapsed time always stays).
 */
import type { Progress } from '../checker/types.js';
import { formatCount } from './results.js';

/** The search's limits, from which the time left can be estimated. */
export interface ProgressLimits {
  readonly maxStates?: number;
  readonly maxSeconds?: number;
}

/**
 * `limit in ~12 s` when a limit bounds the search: the time to --max-seconds, or to --max-states at
 * the current rate, whichever comes first. An exhaustive search's end cannot be known in advance
 * (the state space is not), so without a limit there is only the elapsed time.
 */
function etaPart(p: Progress, limits: ProgressLimits): string[] {
  const left: number[] = [];
  if (limits.maxSeconds !== undefined) left.push(limits.maxSeconds - p.elapsedSeconds);
  if (limits.maxStates !== undefined && p.statesPerSecond > 0) left.push((limits.maxStates - p.states) / p.statesPerSecond);
  if (left.length === 0) return [];
  return [`limit in ~${Math.max(0, Math.min(...left)).toFixed(0)} s`];
}

/**
 * e.g. `proposed: 3.2 s  1,234,567 states  812,000/s  depth 31  queue 40,210  96 MiB`, at most
 * `width` columns as long as the name, elapsed time and states fit.
 */
export function formatProgress(what: string, p: Progress, width = 80, limits: ProgressLimits = {}): string {
  const mib = p.memoryBytes / (1024 * 1024);
  const elapsed = `: ${p.elapsedSeconds.toFixed(1)} s`;
  // A name too long for the line loses its start, never the elapsed time.
  const name = what.length + elapsed.length <= width ? what : `...${what.slice(Math.max(0, what.length - (width - elapsed.length - 3)))}`;
  const parts = [
    `${name}${elapsed}`,
    ...(p.phase === undefined ? [] : [p.phase]),
    `${formatCount(p.states)} states`,
    ...etaPart(p, limits),
    `${formatCount(p.statesPerSecond)}/s`,
    `depth ${p.depth}`,
    `queue ${formatCount(p.queued)}`,
    `${mib.toFixed(0)} MiB`,
  ];
  let n = parts.length;
  while (n > 1 && parts.slice(0, n).join('  ').length > width) n--;
  return parts.slice(0, n).join('  ');
}
