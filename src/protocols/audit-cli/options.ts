/**
 * The audit protocol's flags: bounds, knobs, variants (and --variant-file) and memory models, with
 * their translation into an AuditConfig and one-line errors for bad values.
 */
import type { Options } from 'yargs';
import { DEFAULT_BOUNDS, UNBOUNDED, type Bound, type Bounds } from '../../model/audit/config.js';
import { VARIANT_NAMES } from '../../model/audit/variants/index.js';
import { KNOBS, variantInfos } from '../../model/audit/knobs.js';
import { MEMORY_MODELS, type MemoryModelName } from '../../model/kernel/memory.js';
import { count, oneOf } from '../../cli/options.js';
import { UsageError } from '../../cli/usage-error.js';
import { loadVariantFile } from './variant-file.js';

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
  const variant = oneOf('variant', a.variant, variantInfos().map((v) => v.name));
  // Both given and naming different variants: which one was meant is not ours to guess.
  if (fromFile !== undefined && fromFile !== variant) {
    throw new UsageError(`--variant ${variant} and --variant-file ${a['variant-file']} (variant ${fromFile}) name different variants; give one`);
  }
  return variant;
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

/** The knob flags given, by name (a flag given twice is refused before, by src/cli/app.ts). */
export function knobsFrom(a: Readonly<Record<string, unknown>>): Record<string, string> {
  const knobs: Record<string, string> = {};
  for (const k of KNOBS) {
    const v = a[k.name];
    if (typeof v === 'string') knobs[k.name] = v;
  }
  return knobs;
}
