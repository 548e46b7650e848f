/**
 * When the parallel search shares a level with the workers, how it lets the event loop in, and the
 * knobs tests turn, and the level it expands.
 */

/** Knobs for tests: results never depend on them. */
export interface ParallelTuning {
  /** Parents a worker claims at a time (1 gives the most interleaving). */
  readonly batch?: number;
  /**
   * Levels of fewer parents are expanded by the coordinator itself, as are levels while the workers
   * start; default {@link MAIN_BELOW}.
   */
  readonly mainBelow?: number;
  /** Start only once the workers are up, so that every level goes where `mainBelow` says. */
  readonly waitForWorkers?: boolean;
}

/**
 * Below this many parents a level costs less on the coordinator alone than waking the workers and
 * waiting for the slower of them.
 */
export const MAIN_BELOW = 1024;

/**
 * The first level this large starts the workers (a worker takes 0.1-0.3 s to load its modules and
 * build its model; the coordinator expands meanwhile): early, as they cost the coordinator nothing,
 * but not for the tiny searches of the tests and the smallest configurations.
 */
export const START_AT = 256;

/** How long the coordinator expands before it lets the event loop run. */
export const SLICE_MS = 20;

/** Lets the event loop run: workers' messages, the clock checks, Ctrl-C. */
export const yieldToEvents = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A state's violation mask has a bit per property. */
export const MAX_PROPERTIES = 32;

/** The level being expanded: ids `start..end`, their ranks (shared with the workers), ids by rank. */
export interface Level {
  readonly start: number;
  readonly end: number;
  readonly depth: number;
  readonly ranks: SharedArrayBuffer;
  readonly ids: Int32Array;
}

/** How often the clock and memory limits are checked. */
export const CHECK_EVERY_MS = 50;
