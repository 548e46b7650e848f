/**
 * One section of `npm run bench`: a module that measures something and returns named figures.
 * `bench/main.ts` prints each figure as `section.name: value unit` and, with `--json`, puts the record
 * under the section's key. To add a section: write `bench/<name>.ts` exporting `run` (and optionally
 * `units`), then add one import and one entry to `sections` in main.ts.
 */

/** Figures of one section, e.g. `{ states: 1e7, statesPerSecond: 2.1e6 }`. Numbers, strings or booleans. */
export type Figures = Record<string, number | string | boolean | Readonly<Record<string, number>>>;

export interface BenchSection {
  /** Runs the measurement once. Should print nothing (main prints the figures). */
  run(): Promise<Figures>;
  /** Unit per figure name for the text output, e.g. `{ statesPerSecond: 'states/s' }`. */
  readonly units?: Readonly<Record<string, string>>;
  /** Slow sections run only when named with `--only`. */
  readonly optIn?: boolean;
}

/** Peak resident set size of this process so far, in MiB (typed arrays count here, not in the V8 heap). */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}
