/**
 * Options shared by the commands, declared once (yargs infers the argument types from these objects),
 * and their translation into the library's vocabulary with one-line errors for bad values. The
 * protocol's own flags (bounds, knobs, variants) are its to declare (src/cli/protocol-cli.ts).
 */
import type { Options } from 'yargs';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { CheckOptions, SearchOrder, ShardOptions } from '../checker/types.js';
import { didYouMean } from './suggest.js';
import { UsageError } from './usage-error.js';
import { SYMMETRY_MODES, type SymmetryMode } from './symmetry.js';

/** The default of --jobs never exceeds this: each search holds its own store. */
export const MAX_DEFAULT_JOBS = 4;

export const RUN_OPTIONS = {
  por: {
    type: 'boolean', group: 'Search:',
    describe: 'partial-order reduction (default: on under sc; off under x86-tso and store-reordering, where it was measured to prune nothing)',
  },
  symmetry: {
    type: 'string', default: 'auto', requiresArg: true, group: 'Search:',
    describe: 'symmetry reduction over interchangeable tasks (alive at start, not forking): on | off | auto (on under sc with two or more such tasks and no --por; turns partial-order reduction off)',
  },
  fingerprint: {
    type: 'boolean',
    default: false,
    describe: 'store 64-bit fingerprints instead of whole states (less memory; prints the chance a state was missed)',
    group: 'Search:',
  },
  'max-states': { type: 'number', describe: 'stop (incomplete) after this many states', requiresArg: true, group: 'Search:' },
  'max-depth': { type: 'number', describe: 'do not explore beyond this depth (incomplete if cut)', requiresArg: true, group: 'Search:' },
  'max-seconds': { type: 'number', describe: 'stop (incomplete) after this many seconds per search', requiresArg: true, group: 'Search:' },
  workers: {
    type: 'number',
    default: 1,
    describe: 'worker threads for the search (same verdicts, counts and traces for any number; BFS only)',
    requiresArg: true,
    group: 'Search:',
  },
  jobs: {
    type: 'number',
    describe: `searches run at the same time, each on a thread of its own (default: the cores, at most ${MAX_DEFAULT_JOBS}; 1 with --workers above 1); the output is the same for any number`,
    requiresArg: true,
    group: 'Search:',
  },
  shard: {
    type: 'string',
    describe: 'search only shard K of N (0 <= K < N) and write it to --shard-file; combine with `merge`',
    requiresArg: true,
    group: 'Shards:',
  },
  'shard-depth': { type: 'number', describe: 'depth at which shards split the frontier (default: chosen from level sizes)', requiresArg: true, group: 'Shards:' },
  'shard-file': { type: 'string', describe: 'where a shard writes its verdicts and counterexamples (never overwritten)', requiresArg: true, group: 'Shards:' },
  split: {
    type: 'boolean',
    default: false,
    describe: 'one search per invariant instead of one per variant for all of them',
    group: 'Search:',
  },
  format: { type: 'string', default: 'text', describe: 'output: text | json', requiresArg: true, group: 'Output:' },
  out: { type: 'string', describe: 'write counterexample files (.txt .dot .svg .json) into DIR', requiresArg: true, group: 'Output:' },
  quiet: { type: 'boolean', default: false, describe: 'no progress on stderr', group: 'Output:' },
  force: {
    type: 'boolean',
    default: false,
    describe: 'replace counterexample files in the output directory that differ from this run\'s',
    group: 'Output:',
  },
} as const satisfies Record<string, Options>;

export const SEARCH_OPTION = {
  search: { type: 'string', default: 'bfs', describe: 'search order: bfs (shortest traces) | dfs', requiresArg: true, group: 'Search:' },
} as const satisfies Record<string, Options>;

export type OutputFormat = 'text' | 'json';

/** `--invariant a,b c` → `[a, b, c]`: commas and spaces both separate values. */
export function listValues(values: readonly (string | number)[] | undefined): string[] | undefined {
  return values?.flatMap((v) => String(v).split(',')).filter((v) => v.length > 0);
}

/** `value` if it is one of `allowed`, else a UsageError naming the flag and the allowed values. */
export function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${flag} ${JSON.stringify(value)} is not allowed${didYouMean(value, allowed)}; use one of: ${allowed.join(', ')}`);
}

export function count(flag: string, value: number | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`--${flag} must be a whole number >= ${min}, got ${Number.isNaN(value) ? 'not a number' : value}`);
  }
  return value;
}

interface RunArgs {
  readonly por?: boolean | undefined;
  readonly symmetry?: string | undefined;
  readonly fingerprint: boolean;
  readonly 'max-states'?: number | undefined;
  readonly 'max-depth'?: number | undefined;
  readonly 'max-seconds'?: number | undefined;
  readonly workers?: number | undefined;
  readonly jobs?: number | undefined;
  readonly shard?: string | undefined;
  readonly 'shard-depth'?: number | undefined;
  readonly 'shard-file'?: string | undefined;
  readonly format: string;
}

/**
 * Engine options plus the number of worker threads per search, the number of searches run at once,
 * and the symmetry mode, which each search resolves for its own configuration (src/cli/symmetry.ts)
 * into the engine's `symmetry`.
 */
export type RunOptions = CheckOptions & { readonly workers?: number; readonly jobs?: number; readonly symmetryMode?: SymmetryMode };

/** Engine options from the flags (no progress callback; the CLI adds its own). */
export function checkOptionsFrom(a: RunArgs, search: SearchOrder = 'bfs'): RunOptions {
  const maxSeconds = a['max-seconds'];
  if (maxSeconds !== undefined && !(maxSeconds > 0)) {
    throw new UsageError(`--max-seconds must be a positive number, got ${Number.isNaN(maxSeconds) ? 'not a number' : maxSeconds}`);
  }
  const maxStates = count('max-states', a['max-states'], 1);
  const maxDepth = count('max-depth', a['max-depth'], 0);
  const workers = count('workers', a.workers, 1);
  if (workers !== undefined && workers > 1 && search === 'dfs') throw new UsageError('--workers above 1 searches breadth first; drop --search dfs or use --workers 1');
  const shard = shardFrom(a);
  if (shard !== undefined && search === 'dfs') throw new UsageError('--shard splits a breadth-first search; drop --search dfs');
  if (shard !== undefined && workers !== undefined && workers > 1) throw new UsageError('--shard runs on one thread; use --workers 1 (run more shards instead)');
  const jobs = count('jobs', a.jobs, 1) ?? (workers !== undefined && workers > 1 ? 1 : Math.min(availableParallelism(), MAX_DEFAULT_JOBS));
  return {
    ...(shard === undefined ? {} : { shard }),
    ...(workers === undefined || workers === 1 ? {} : { workers }),
    jobs,
    search,
    ...(a.por === undefined ? {} : { por: a.por }),
    ...(a.symmetry === undefined || a.symmetry === 'auto' ? {} : { symmetryMode: oneOf('symmetry', a.symmetry, SYMMETRY_MODES) }),
    fingerprint: a.fingerprint,
    ...(maxStates === undefined ? {} : { maxStates }),
    ...(maxDepth === undefined ? {} : { maxDepth }),
    ...(maxSeconds === undefined ? {} : { maxSeconds }),
  };
}

function shardFrom(a: RunArgs): ShardOptions | undefined {
  if (a.shard === undefined) {
    if (a['shard-file'] !== undefined || a['shard-depth'] !== undefined) throw new UsageError('--shard-file and --shard-depth need --shard K/N');
    return undefined;
  }
  const m = /^(\d+)\/(\d+)$/.exec(a.shard);
  const index = Number(m?.[1]);
  const shards = Number(m?.[2]);
  if (m === null || !(shards >= 1) || !(index < shards)) throw new UsageError(`--shard must be K/N with 0 <= K < N, got ${JSON.stringify(a.shard)}`);
  if (a['shard-file'] === undefined) throw new UsageError('--shard needs --shard-file FILE to write its results to');
  if (existsSync(a['shard-file'])) throw new UsageError(`--shard-file ${a['shard-file']} exists; a shard never overwrites a file`);
  const depth = count('shard-depth', a['shard-depth'], 0);
  return { index, count: shards, ...(depth === undefined ? {} : { depth }) };
}

export function formatFrom(a: { readonly format: string }): OutputFormat {
  return oneOf('format', a.format, ['text', 'json'] as const);
}
