/**
 * Runs a session's searches: one per cell (or per property with `split`), up to `jobs` at a time,
 * each beyond the first on a worker thread of its own (src/api/run-in-worker.ts). Outcomes are kept
 * in cell order whatever order they finish in, so the output is the same for any `jobs`. After a
 * Ctrl-C, the searches running report what they explored and those not started are `not run`.
 */
import type { ShardStats } from '../checker/types.js';
import type { Counterexample } from '../report/counterexample.js';
import type { SearchCoverage } from '../report/coverage.js';
import { configurationObject } from '../report/configuration.js';
import type { CellResult } from '../report/results.js';
import type { SearchChoices, SimulationSettings } from './search-configuration.js';
import { usageMessage } from './messages.js';
import { isConfigError, type ProtocolCli } from './protocol-cli.js';
import type { RunOptions } from './options.js';
import type { ProgressReporter } from './progress.js';
import { simulateCell } from './simulate-cell.js';
import { UsageError } from './usage-error.js';
import { interruptSignal } from './interrupt.js';
import { asksLiveness, verify, type VerifyOutcome } from './verify.js';

export interface CellsOutcome {
  readonly results: CellResult[];
  readonly found: Counterexample[];
  readonly coverage: SearchCoverage[];
  readonly shardStats: Map<string, ShardStats>;
  /**
   * The first search that failed (a configuration the protocol cannot run, found while searching),
   * its properties `not run`; the other searches ran. The caller prints them, then reports it.
   */
  readonly failure?: unknown;
}

interface Search {
  readonly name: string;
  readonly config: unknown;
  readonly properties: readonly string[];
}

/** A protocol configuration and the properties to check on it. */
export interface Cell {
  readonly config: unknown;
  readonly properties: readonly string[];
}

/** The searches of `cells`, in order: one per cell, or one per property with `split`. */
function searchesOf(cli: ProtocolCli, cells: readonly Cell[], split: boolean): Search[] {
  return cells.flatMap(({ config, properties }) => {
    const { variant, memoryModel } = cli.label(config);
    const cell = memoryModel === 'sc' ? variant : `${variant}@${memoryModel}`;
    const groups = split ? properties.map((p) => [p]) : [properties];
    return groups.map((group) => ({ name: group.length === 1 && split ? `${cell}/${group[0]}` : cell, config, properties: group }));
  });
}

/** Runs every search of `cells`, `jobs` at a time. */
export async function runCells(
  cli: ProtocolCli,
  cells: readonly Cell[],
  opts: { readonly check: RunOptions; readonly split: boolean; readonly simulate?: SimulationSettings | undefined; readonly jobs: number },
  progress: ProgressReporter,
): Promise<CellsOutcome> {
  const searches = searchesOf(cli, cells, opts.split);
  const outcomes: (VerifyOutcome | undefined)[] = searches.map(() => undefined);
  // Costliest first (stable), so that the lanes finish together; outcomes stay in search order.
  const cost = (k: number): number => cli.cost?.(searches[k]!.config) ?? 1;
  const startOrder = searches.map((_, k) => k).sort((x, y) => cost(y) - cost(x) || x - y);
  let next = 0;
  let interrupted = false;
  const failures: { index: number; error: unknown }[] = [];
  const lane = async (first: boolean): Promise<void> => {
    // A Ctrl-C between two searches of a lane: the next is not run, not started and cut at once.
    while (!interrupted && !interruptSignal().aborted && next < searches.length) {
      const i = startOrder[next++]!;
      const s = searches[i]!;
      // The first lane searches on this thread; so does a configuration no worker can rebuild.
      const onThread = first || !cli.portable(s.config);
      // One search failing loses no other's result: the rest run, and it is reported after them.
      const outcome = await runOne(cli, s, opts, progress, !onThread).catch((error: unknown) => {
        failures.push({ index: i, error });
        return undefined;
      });
      outcomes[i] = outcome;
      if (outcome?.interrupted === true) interrupted = true;
    }
  };
  const lanes = Math.max(1, Math.min(opts.jobs, searches.length));
  await Promise.all(Array.from({ length: lanes }, (_, k) => lane(k === 0)));
  const failure = failures.sort((x, y) => x.index - y.index)[0];
  // Nothing ran (a refusal every search meets, or a single search): nothing to keep, fail now.
  if (failure !== undefined && outcomes.every((o) => o === undefined)) throw failure.error;
  const joined: CellsOutcome = { results: [], found: [], coverage: [], shardStats: new Map(), ...(failure === undefined ? {} : { failure: failure.error }) };
  searches.forEach((s, i) => {
    const o = outcomes[i];
    if (o === undefined) {
      for (const p of s.properties) joined.results.push(notRun(cli, s.name, s.config, p, { ...opts.check, liveness: asksLiveness(cli, s.properties) }));
      return;
    }
    joined.results.push(...o.results);
    joined.found.push(...o.counterexamples);
    if (o.coverage !== undefined) joined.coverage.push(o.coverage);
    if (o.shard !== undefined) joined.shardStats.set(s.name, o.shard);
  });
  return joined;
}

async function runOne(
  cli: ProtocolCli,
  s: Search,
  opts: { readonly check: RunOptions; readonly simulate?: SimulationSettings | undefined },
  progress: ProgressReporter,
  inWorker: boolean,
): Promise<VerifyOutcome> {
  const run = opts.simulate === undefined
    ? verify(cli, s.name, s.config, s.properties, opts.check, progress, inWorker)
    : Promise.resolve().then(() => simulateCell(cli, s.name, s.config, s.properties, opts.simulate!));
  return run.catch((e: unknown) => {
    // Found while searching, so it names the search (in a matrix, which row could not run).
    if (isConfigError(cli, e)) throw new UsageError(`${s.name}: ${usageMessage(e.message)}`);
    throw e;
  });
}

function notRun(cli: ProtocolCli, search: string, config: unknown, invariant: string, options: SearchChoices): CellResult {
  const { variant, memoryModel } = cli.label(config);
  return {
    variant,
    invariant,
    verdict: 'not-run',
    search,
    memoryModel,
    configuration: configurationObject(cli.configuration(config, cli.settings(config).knobs, options)),
    states: 0,
    transitions: 0,
    depth: 0,
    seconds: 0,
  };
}
