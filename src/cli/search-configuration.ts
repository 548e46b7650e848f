/**
 * The search's part of a configuration as generic `key=value` entries (src/report/configuration.ts):
 * order, reductions and state storage change what is explored, so headers and output directories
 * name them after the protocol's own entries (src/cli/protocol-cli.ts).
 */
import type { CheckOptions } from '../checker/types.js';
import type { ConfigEntry, Configuration } from '../report/configuration.js';
import { symmetryAuto, type SymmetryChoice } from './symmetry.js';

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

/**
 * Search order, reductions and state storage: they change what is explored, so they are named too.
 * `group` is the number of interchangeable actors (symmetry needs two); `memoryModel` undefined
 * stands for several at once (the matrix).
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

/** Whether `key` is one of the search's entries (what a replay or a simulation does not share). */
export function isSearchKey(key: string): boolean {
  return searchEntries({}).some((e) => e.key === key);
}

/** `configuration` without its search entries: what a replay or a simulation shares with a search. */
export function withoutSearch(configuration: Configuration): Configuration {
  return configuration.filter((e) => !isSearchKey(e.key));
}

/** How a simulation runs: it replaces the search entries, since nothing is stored or reduced. */
export interface SimulationSettings {
  readonly runs: number;
  readonly seed: number;
  readonly maxSteps: number;
}

/** A cell's configuration for `check --simulate`: its own entries, then runs, seed and steps. */
export function simulationConfiguration(cell: Configuration, sim: SimulationSettings): Configuration {
  return [
    ...withoutSearch(cell),
    { key: 'simulate', value: String(sim.runs), isDefault: false },
    { key: 'seed', value: String(sim.seed), isDefault: false },
    { key: 'max-depth', value: String(sim.maxSteps), isDefault: false },
  ];
}
