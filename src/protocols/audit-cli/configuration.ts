/**
 * The audit protocol's configuration as generic `key=value` entries (src/report/configuration.ts),
 * in the CLI's spelling, each marked default or not. The one place that turns AuditConfig into what
 * headers print and what output directories are named after, before the search's entries
 * (src/cli/search-configuration.ts); a new configuration key is one more entry here.
 */
import { DEFAULT_BOUNDS, type AuditConfig, type Bounds, type VariantName } from '../../model/audit/config.js';
import { interchangeableSlots } from '../../model/audit/fields.js';
import { knobInfos } from '../../model/audit/knobs.js';
import { MEMORY_MODELS } from '../../model/kernel/memory.js';
import type { ConfigEntry, Configuration } from '../../report/configuration.js';
import { searchEntries, type SearchChoices } from '../../cli/search-configuration.js';

/** Interchangeable tasks at `bounds` (0 when fewer than two): alive at start, not forking. */
export function groupSize(bounds: Bounds): number {
  return interchangeableSlots(bounds).length;
}

/** Bound keys in the CLI's spelling, in the order `--help` lists them. */
const BOUND_KEYS: readonly (readonly [string, keyof Bounds])[] = [
  ['tasks', 'tasks'],
  ['cpus', 'cpus'],
  ['forks', 'forks'],
  ['rule-ops', 'ruleOps'],
  ['syscalls', 'syscalls'],
  ['child-syscalls', 'childSyscalls'],
];

function boundEntries(bounds: Bounds): ConfigEntry[] {
  const entries = BOUND_KEYS.map(([key, b]) => ({ key, value: String(bounds[b]), isDefault: bounds[b] === DEFAULT_BOUNDS[b] }));
  // Only when given: the default follows --rule-ops (no limit when bounded).
  if (bounds.maxRules !== undefined) entries.push({ key: 'max-rules', value: String(bounds.maxRules), isDefault: false });
  return entries;
}

/** Store-buffer entries per CPU when none is given. */
const DEFAULT_STORE_BUFFER = 2;

/**
 * The memory model(s) and, when one of them is weak, the store-buffer depth. A list (the matrix) is
 * joined with `+`, since `,` separates entries in directory names; the default is every model for
 * the matrix and `sc` for one search.
 */
export function memoryEntries(models: readonly string[], storeBuffer: number | undefined, defaults: readonly string[]): ConfigEntry[] {
  const value = models.join('+');
  const entries: ConfigEntry[] = [{ key: 'memory-model', value, isDefault: value === defaults.join('+') }];
  if (models.some((m) => m !== 'sc')) {
    const depth = storeBuffer ?? DEFAULT_STORE_BUFFER;
    entries.push({ key: 'store-buffer', value: String(depth), isDefault: depth === DEFAULT_STORE_BUFFER });
  }
  return entries;
}

/**
 * One variant's configuration without the variant: bounds, every knob the variant has (resolved,
 * sorted by name; default = the variant's default), then the search. Names its output directory.
 */
export function variantSetConfiguration(
  variant: VariantName,
  bounds: Bounds,
  resolvedKnobs: Readonly<Record<string, string>>,
  options: SearchChoices,
  memory: { readonly memoryModel?: string | undefined; readonly storeBuffer?: number | undefined } = {},
): Configuration {
  const knobs = Object.keys(resolvedKnobs)
    .sort()
    .map((key) => {
      const value = resolvedKnobs[key]!;
      const d = knobInfos().find((k) => k.name === key)?.defaults[variant];
      return { key, value, isDefault: d === value };
    });
  const memory_ = memoryEntries([memory.memoryModel ?? 'sc'], memory.storeBuffer, ['sc']);
  return [...boundEntries(bounds), ...knobs, ...memory_, ...searchEntries(options, memory.memoryModel ?? 'sc', groupSize(bounds))];
}

/**
 * The matrix's configuration: bounds, the knob flags given (default when the value is every such
 * variant's default) and the search. Knobs not given take each variant's own default.
 */
export function matrixConfiguration(
  bounds: Bounds,
  givenKnobs: Readonly<Record<string, string>>,
  options: SearchChoices,
  models: readonly string[] = ['sc'],
  storeBuffer?: number,
): Configuration {
  const knobs = Object.keys(givenKnobs)
    .sort()
    .map((key) => {
      const value = givenKnobs[key]!;
      const defaults = Object.values(knobInfos().find((k) => k.name === key)?.defaults ?? {});
      return { key, value, isDefault: defaults.every((d) => d === value) };
    });
  return [
    ...boundEntries(bounds),
    ...knobs,
    ...memoryEntries(models, storeBuffer, MEMORY_MODELS),
    ...searchEntries(options, models.length === 1 ? models[0] : undefined, groupSize(bounds)),
  ];
}

/** The single-variant configuration of `config` with `resolved` knobs (for `check` and traces). */
export function configurationOf(config: AuditConfig, resolved: Readonly<Record<string, string>>, options: SearchChoices): Configuration {
  const memory = { memoryModel: config.memoryModel, storeBuffer: config.storeBuffer };
  return [{ key: 'variant', value: config.variant, isDefault: true }, ...variantSetConfiguration(config.variant, config.bounds, resolved, options, memory)];
}
