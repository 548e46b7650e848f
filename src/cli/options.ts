/**
 * Options shared by the commands, declared once (yargs infers the argument types from these objects),
 * and their translation into the library's vocabulary with one-line errors for bad values.
 */
import type { Options } from 'yargs';
import { KNOBS } from '../model/audit/knobs.js';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { CheckOptions, SearchOrder, ShardOptions } from '../checker/types.js';
import { DEFAULT_BOUNDS, UNBOUNDED, VARIANT_NAMES, type Bound, type Bounds } from '../model/audit/config.js';
import { didYouMean } from './suggest.js';
import { UsageError } from './usage-error.js';
import { MEMORY_MODELS, type MemoryModelName } from '../model/kernel/memory.js';
import { variantInfos } from '../model/audit/knobs.js';
import { loadVariantFile } from './variant-file.js';
import { SYMMETRY_MODES, type SymmetryMode } from './symmetry.js';

export const BOUND_OPTIONS = {
  tasks: { type: 'number', default: DEFAULT_BOUNDS.tasks, describe: 'user tasks alive at start', requiresArg: true, group: 'Bounds:' },
  cpus: { type: 'number', default: DEFAULT_BOUNDS.cpus, describe: 'CPUs', requiresArg: true, group: 'Bounds:' },
  forks: { type: 'number', default: DEFAULT_BOUNDS.forks, describe: 'copy_process calls in the run', requiresArg: true, group: 'Bounds:' },
  'rule-ops': {
    type: 'string',
    default: String(DEFAULT_BOUNDS.ruleOps),
    describe: 'audit_add_rule / audit_del_rule calls in the run, or unbounded (auditctl changes rules forever)',
    requiresArg: true,
    group: 'Bounds:',
  },
  'max-rules': {
    type: 'number',
    describe: 'most rules loaded at once (default: no limit for bounded --rule-ops, 2 for unbounded)',
    requiresArg: true,
    group: 'Bounds:',
  },
  syscalls: {
    type: 'string', default: String(DEFAULT_BOUNDS.syscalls), describe: 'syscalls per task, or unbounded (tasks loop forever)',
    requiresArg: true, group: 'Bounds:',
  },
  'child-syscalls': {
    type: 'string',
    default: String(DEFAULT_BOUNDS.childSyscalls),
    describe: 'syscalls each forked child makes, or unbounded',
    requiresArg: true,
    group: 'Bounds:',
  },
} as const satisfies Record<string, Options>;

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

const STORE_BUFFER = {
  type: 'number', default: 2, requiresArg: true, group: 'Memory model:',
  describe: 'store-buffer entries per CPU under x86-tso and store-reordering (a bound: a full buffer makes its oldest store visible, and the verdict says so)',
} as const satisfies Options;

/** `check`: one memory model, sc by default. */
export const MEMORY_OPTION = {
  'memory-model': {
    type: 'string', default: 'sc', requiresArg: true, group: 'Memory model:',
    describe: `semantics of the kernel primitives: ${MEMORY_MODELS.join(' | ')}`,
  },
  'store-buffer': STORE_BUFFER,
} as const satisfies Record<string, Options>;

/** The matrix: a list of memory models, all of them by default. */
export const MEMORY_LIST_OPTION = {
  'memory-model': {
    type: 'string', array: true, default: [...MEMORY_MODELS], requiresArg: true, group: 'Memory model:',
    describe: `memory models to check each variant under (a,b or a b): ${MEMORY_MODELS.join(' | ')}`,
  },
  'store-buffer': STORE_BUFFER,
} as const satisfies Record<string, Options>;

/** Memory models from `--memory-model` (one value, a list, or comma-separated), in the order given. */
export function memoryModelsFrom(value: string | readonly (string | number)[]): MemoryModelName[] {
  const items = (typeof value === 'string' ? [value] : value).flatMap((v) => String(v).split(',')).filter((v) => v !== '');
  if (items.length === 0) throw new UsageError(`--memory-model needs a value; use one of: ${MEMORY_MODELS.join(', ')}`);
  return [...new Set(items.map((m) => oneOf('memory-model', m, MEMORY_MODELS)))];
}

/** `--store-buffer` as a whole number >= 1 (what the model can encode is the model's to say). */
export function storeBufferFrom(a: { readonly 'store-buffer': number }): number {
  return count('store-buffer', a['store-buffer'], 1)!;
}

export const VARIANT_FILE_OPTION = {
  'variant-file': {
    type: 'string', requiresArg: true,
    describe: 'a variant of your own: a .ts or .js file whose default export patches a built-in variant (see examples/)',
  },
} as const satisfies Record<string, Options>;

/** The variant `check` and `barriers` run: --variant, or the one --variant-file registers. */
export async function variantFrom(a: { readonly variant?: string | undefined; readonly 'variant-file'?: string | undefined }): Promise<string> {
  const fromFile = a['variant-file'] === undefined ? undefined : await loadVariantFile(a['variant-file']);
  if (a.variant === undefined) {
    if (fromFile === undefined) throw new UsageError('give --variant V or --variant-file FILE (see audit-check list for the variants)');
    return fromFile;
  }
  return oneOf('variant', a.variant, variantInfos().map((v) => v.name));
}

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

function count(flag: string, value: number | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`--${flag} must be a whole number >= ${min}, got ${Number.isNaN(value) ? 'not a number' : value}`);
  }
  return value;
}

interface BoundArgs {
  readonly tasks: number;
  readonly cpus: number;
  readonly forks: number;
  readonly 'rule-ops': string;
  readonly 'max-rules'?: number | undefined;
  readonly syscalls: string;
  readonly 'child-syscalls': string;
}

/** The bounds from the flags. Integer checks here; what the model can encode is the model's to say. */
export function boundsFrom(a: BoundArgs): Bounds {
  const maxRules = count('max-rules', a['max-rules'], 1);
  return {
    tasks: count('tasks', a.tasks, 0)!,
    cpus: count('cpus', a.cpus, 0)!,
    forks: count('forks', a.forks, 0)!,
    ruleOps: bound('rule-ops', a['rule-ops']),
    syscalls: bound('syscalls', a.syscalls),
    childSyscalls: bound('child-syscalls', a['child-syscalls']),
    ...(maxRules === undefined ? {} : { maxRules }),
  };
}

/** A whole number, or `unbounded`. */
function bound(flag: string, value: string): Bound {
  if (value === UNBOUNDED) return UNBOUNDED;
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`--${flag} must be a whole number >= 0 or unbounded, got ${JSON.stringify(value)}`);
  return count(flag, Number(value), 0)!;
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

/** `default: tasklist (v2.1, proposed, proposed-fixed)` or `default: early (v2.1, proposed), late (proposed-fixed)`. */
function knobDefaults(k: (typeof KNOBS)[number]): string {
  const byValue = new Map<string, string[]>();
  for (const [variant, value] of Object.entries(k.defaults)) byValue.set(value, [...(byValue.get(value) ?? []), variant]);
  const every = (variants: readonly string[]): boolean => variants.length === VARIANT_NAMES.length;
  return `default: ${[...byValue].map(([v, variants]) => (every(variants) ? v : `${v} (${variants.join(', ')})`)).join(', ')}`;
}

/** One `--<knob>` flag per model knob; which variants accept it is the model's to check. */
export function knobOptions(): Record<string, Options> {
  return Object.fromEntries(
    KNOBS.map((k) => [k.name, { type: 'string', describe: `${k.meaning} (${k.values.join(' | ')}; ${knobDefaults(k)})`, requiresArg: true, group: 'Knobs:' } satisfies Options]),
  );
}

/** The knob flags given, by name; a flag given twice is a usage error. */
export function knobsFrom(a: Readonly<Record<string, unknown>>): Record<string, string> {
  const knobs: Record<string, string> = {};
  for (const k of KNOBS) {
    const v = a[k.name];
    if (typeof v === 'string') knobs[k.name] = v;
    else if (Array.isArray(v)) throw new UsageError(`--${k.name} given more than once; give one of: ${k.values.join(', ')}`);
  }
  return knobs;
}
