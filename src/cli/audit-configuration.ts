/**
 * The audit protocol's configuration as generic `key=value` entries (src/report/configuration.ts),
 * in the CLI's spelling, each marked default or not. The one place that turns AuditConfig and the
 * search options into what headers print and what output directories are named after; a new
 * configuration key (e.g. a memory model) is one more entry here.
 */
import type { CheckOptions } from '../checker/types.js';
import { DEFAULT_BOUNDS, type AuditConfig, type Bounds, type VariantName } from '../model/audit/config.js';
import { knobInfos } from '../model/audit/knobs.js';
import { MEMORY_MODELS } from '../model/kernel/memory.js';
import type { ConfigEntry, Configuration } from '../report/configuration.js';
import { groupSize, symmetryAuto, type SymmetryChoice } from './symmetry.js';

/**
 * The engine's options, the CLI's symmetry mode and whether liveness is asked, which together decide
 * what a search explores.
 */
export type SearchChoices = CheckOptions &
  Omit<SymmetryChoice, 'por' | 'liveness'> & {
    /** Whether the searches check liveness: all, none, or (`--split` over a mix) only some of them. */
    readonly liveness?: boolean | 'some';
  };

/** `value`, said to hold for every search but the liveness ones when only some check liveness. */
const exceptLiveness = (value: string, liveness: SearchChoices['liveness']): string =>
  liveness === 'some' && value !== 'none' && value !== 'off' ? `${value}-except-liveness` : value;

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
 * Search order, reductions and state storage: they change what is explored, so they are named too.
 * `group` is the number of interchangeable tasks (symmetry needs two).
 */
export function searchEntries(options: SearchChoices, memoryModel?: string, group = 0): ConfigEntry[] {
  const search = options.search ?? 'bfs';
  const fingerprint = options.fingerprint ?? false;
  const mode = options.symmetryMode ?? 'auto';
  // Whether symmetry is used under sc (src/cli/symmetry.ts); `on` elsewhere is refused before a search.
  const symmetricSc = mode === 'on' || (mode === 'auto' && symmetryAuto(group, 'sc', { ...options, liveness: options.liveness === true }));
  const symmetry = memoryModel === undefined ? (symmetricSc ? 'on-under-sc' : 'off') : memoryModel === 'sc' && symmetricSc ? 'on' : 'off';
  // Without --por/--no-por, reduction is on under sc and off under the weak models (verify.ts), and off
  // where symmetry is on or liveness is asked; for several models at once that is what the entry says.
  const porOff = symmetricSc || options.liveness === true;
  const porSc = memoryModel === undefined ? (porOff ? 'none' : 'por-under-sc') : memoryModel === 'sc' && !porOff ? 'por' : 'none';
  const reduction =
    options.por !== undefined
      ? { value: options.por ? 'por' : 'none', isDefault: false }
      : { value: exceptLiveness(porSc, options.liveness), isDefault: true };
  return [
    { key: 'search', value: search, isDefault: search === 'bfs' },
    { key: 'reduction', ...reduction },
    { key: 'symmetry', value: exceptLiveness(symmetry, options.liveness), isDefault: mode === 'auto' },
    { key: 'storage', value: fingerprint ? 'fingerprint' : 'exact', isDefault: !fingerprint },
  ];
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
  return [{ key: 'variant', value: config.variant, isDefault: true }, ...setConfigurationOf(config, resolved, options)];
}

/** {@link configurationOf} without the variant: what names the output directory of `check`. */
export function setConfigurationOf(config: AuditConfig, resolved: Readonly<Record<string, string>>, options: SearchChoices): Configuration {
  return variantSetConfiguration(config.variant, config.bounds, resolved, options, { memoryModel: config.memoryModel, storeBuffer: config.storeBuffer });
}

/** How a simulation runs: it replaces the search entries, since nothing is stored or reduced. */
export interface SimulationSettings {
  readonly runs: number;
  readonly seed: number;
  readonly maxSteps: number;
}

/** One variant's configuration for `check --simulate`: variant, bounds, knobs, then runs, seed and steps. */
export function simulationConfiguration(config: AuditConfig, resolved: Readonly<Record<string, string>>, sim: SimulationSettings): Configuration {
  const searchKeys = new Set(searchEntries({}).map((e) => e.key));
  return [
    ...configurationOf(config, resolved, {}).filter((e) => !searchKeys.has(e.key)),
    { key: 'simulate', value: String(sim.runs), isDefault: false },
    { key: 'seed', value: String(sim.seed), isDefault: false },
    { key: 'max-depth', value: String(sim.maxSteps), isDefault: false },
  ];
}
