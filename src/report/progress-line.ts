/**
 * One line of search progress for stderr (states, states/s, depth, queue, memory).
 */
import type { Progress } from '../checker/types.js';
import { formatCount } from './results.js';

/** e.g. `proposed/rule-coverage: 1,234,567 states  812,000/s  depth 31  queue 40,210  96 MiB  3.2 s` */
export function formatProgress(what: string, p: Progress): string {
  const mib = p.memoryBytes / (1024 * 1024);
  return (
    `${what}: ${formatCount(p.states)} states  ${formatCount(p.statesPerSecond)}/s  depth ${p.depth}  ` +
    `queue ${formatCount(p.queued)}  ${mib.toFixed(0)} MiB  ${p.elapsedSeconds.toFixed(1)} s`
  );
}
