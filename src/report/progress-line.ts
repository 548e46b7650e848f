/**
 * One line of search progress for stderr: elapsed time and states first, then rate, depth, queue and
 * memory, dropping the last of those until the line fits the width (the elapsed time always stays).
 */
import type { Progress } from '../checker/types.js';
import { formatCount } from './results.js';

/**
 * e.g. `proposed: 3.2 s  1,234,567 states  812,000/s  depth 31  queue 40,210  96 MiB`, at most
 * `width` columns as long as the name, elapsed time and states fit.
 */
export function formatProgress(what: string, p: Progress, width = 80): string {
  const mib = p.memoryBytes / (1024 * 1024);
  const elapsed = `: ${p.elapsedSeconds.toFixed(1)} s`;
  // A name too long for the line loses its start, never the elapsed time.
  const name = what.length + elapsed.length <= width ? what : `...${what.slice(Math.max(0, what.length - (width - elapsed.length - 3)))}`;
  const parts = [
    `${name}${elapsed}`,
    `${formatCount(p.states)} states`,
    `${formatCount(p.statesPerSecond)}/s`,
    `depth ${p.depth}`,
    `queue ${formatCount(p.queued)}`,
    `${mib.toFixed(0)} MiB`,
  ];
  let n = parts.length;
  while (n > 1 && parts.slice(0, n).join('  ').length > width) n--;
  return parts.slice(0, n).join('  ');
}
