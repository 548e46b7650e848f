/**
 * What `audit-check` and `audit-check check` share: run a list of cells (variant × property), write
 * the counterexample sets as one unit, print the table or JSON, and pick the exit status.
 */
import { configurationLines, configurationObject, type Configuration } from '../report/configuration.js';
import { counterexampleBaseName, type Counterexample } from '../report/counterexample.js';
import { coverageWarnings, renderCoverage, type SearchCoverage } from '../report/coverage.js';
import { modelDependentVerdicts, renderResultsJson, renderResultsTable, roundSeconds, type CellResult, type CellVerdict } from '../report/results.js';
import { wrap, wrapItems } from '../report/wrap.js';
import { usageMessage } from './messages.js';
import type { OutputFormat, RunOptions } from './options.js';
import { writeShardFile } from './shard-output.js';
import { commitSets, prepareOutDir, type CommitOutcome } from './output-dir.js';
import { ProgressReporter } from './progress.js';
import { EXIT, UsageError } from './usage-error.js';
import { asksLiveness, prepare } from './verify.js';
import { runCells, type Cell } from './cell-runner.js';
import { symmetryUsed } from './symmetry.js';
import { isConfigError, type ProtocolCli } from './protocol-cli.js';
import type { SimulationSettings } from './search-configuration.js';
import { renderCounterexampleSet, setFileNames, textFor } from './write-set.js';

export interface SessionOptions {
  readonly check: RunOptions;
  readonly format: OutputFormat;
  /** The directory the sets go to (already the configuration's own directory), if any. */
  readonly out?: string | undefined;
  /** Replace files in `out` that differ from what this run found. */
  readonly force: boolean;
  readonly quiet: boolean;
  /** Print each counterexample's text after the table (check), or only the file names (matrix). */
  readonly printTraces: boolean;
  /**
   * One search per property (POR then sees only that property's reads as visible) instead of one
   * search per variant for all of them.
   */
  readonly split: boolean;
  /** The configuration the header names; `note` says what it leaves to each variant. */
  readonly configuration: Configuration;
  readonly note?: string;
  /** How to show coverage (the searches must have run with `check.coverage`). */
  readonly coverage?: 'full' | 'warnings';
  /** Random simulation instead of a search (`check --simulate`). */
  readonly simulate?: SimulationSettings;
  /** With `check.shard`: the file the shard's cells and counterexamples go to. */
  readonly shardFile?: string | undefined;
}

export interface SessionResult {
  readonly results: readonly CellResult[];
  readonly violated: boolean;
  readonly incomplete: boolean;
  /** Set when the counterexamples could not be written (the verdicts were printed anyway). */
  readonly notWritten?: string;
}

/** Runs every (config, property) cell; cells after a Ctrl-C are reported `not run`. */
export async function runSession(cli: ProtocolCli, cells: readonly Cell[], opts: SessionOptions): Promise<SessionResult> {
  // Bad bounds or knobs are the user's to fix before anything is created on disk.
  for (const { config, properties } of cells) {
    try {
      cli.settings(config);
      const liveness = asksLiveness(cli, properties);
      symmetryUsed(cli.symmetry(config), { ...opts.check, liveness }, cli.texts.symmetryLiveness);
      // A liveness property the configuration cannot have (bounded syscalls) says why, in one line.
      if (liveness) prepare(cli, config, properties);
    } catch (e) {
      if (isConfigError(cli, e)) throw new UsageError(usageMessage(e.message));
      throw e;
    }
  }
  if (opts.out !== undefined) await prepareOutDir(opts.out);
  const progress = new ProgressReporter(process.stderr, opts.quiet, {
    ...(opts.check.maxStates === undefined ? {} : { maxStates: opts.check.maxStates }),
    ...(opts.check.maxSeconds === undefined ? {} : { maxSeconds: opts.check.maxSeconds }),
  });
  const started = performance.now();
  const ran = await runCells(cli, cells, { check: opts.check, split: opts.split, simulate: opts.simulate, jobs: opts.check.jobs ?? 1 }, progress);
  let results: CellResult[] = ran.results;
  const { found, coverage, shardStats } = ran;
  const seconds = (performance.now() - started) / 1000;
  let commit: CommitOutcome | undefined;
  if (opts.out !== undefined) {
    const out = opts.out;
    const sets = found.map((cx) => renderCounterexampleSet(out, cx));
    const stale = results.filter((r) => r.verdict === 'holds').flatMap((r) => setFileNames(r.variant, r.invariant, r.memoryModel));
    commit = await commitSets(out, sets, stale, opts.force);
    if (commit.kind === 'written') {
      const paths = commit.paths;
      results = results.map((r) => {
        const mine = setFileNames(r.variant, r.invariant, r.memoryModel);
        const files = paths.filter((p) => mine.some((m) => p.endsWith(`/${m}`) || p === m));
        return files.length > 0 ? { ...r, files } : r;
      });
    }
  }
  print(results, found, opts, seconds, commit, coverage);
  if (opts.shardFile !== undefined && opts.check.shard !== undefined) {
    await writeShardFile(opts.shardFile, opts.check, cells[0] === undefined ? undefined : cli.label(cells[0].config).bounds, results, found, shardStats);
  }
  // What ran is printed and written above; the search that could not run is the run's error.
  if (ran.failure !== undefined) throw ran.failure;
  const notWritten = commit === undefined ? undefined : notWrittenLine(opts.out!, commit, found.length);
  return {
    results,
    violated: results.some((r) => r.verdict === 'violated'),
    incomplete: results.some((r) => r.verdict === 'incomplete' || r.verdict === 'not-run' || r.verdict === 'not-found'),
    ...(notWritten === undefined ? {} : { notWritten }),
  };
}

/** One line for stderr when the sets were not written, naming what and why. */
function notWrittenLine(out: string, commit: CommitOutcome, sets: number): string | undefined {
  if (commit.kind === 'written') return undefined;
  const what = `${sets} counterexample set${sets === 1 ? '' : 's'} not written to ${out}/`;
  if (commit.kind === 'failed') return `${what}: ${commit.reason}; nothing there was changed`;
  const n = commit.differing.length;
  return (
    `${what}: ${n === 1 ? '1 file there differs' : `${n} files there differ`} from this run's (${commit.differing[0]}${n > 1 ? ', ...' : ''}); ` +
    'give --force to replace them, or another --out'
  );
}

const COLOURS: Record<CellVerdict, string> = { holds: '32', violated: '31', incomplete: '33', 'not-run': '33', 'not-found': '33' };

function paintFor(stream: NodeJS.WriteStream): ((v: CellVerdict, t: string) => string) | undefined {
  if (stream.isTTY !== true || process.env['NO_COLOR'] !== undefined) return undefined;
  return (v, t) => `\x1b[${COLOURS[v]}m${t}\x1b[0m`;
}

function print(
  results: readonly CellResult[],
  found: readonly Counterexample[],
  opts: SessionOptions,
  seconds: number,
  commit: CommitOutcome | undefined,
  coverage: readonly SearchCoverage[],
): void {
  const out = process.stdout;
  if (opts.format === 'json') {
    out.write(
      renderResultsJson(results, {
        configuration: configurationObject(opts.configuration),
        ...(opts.coverage === undefined ? {} : { coverage }),
        seconds: roundSeconds(seconds),
        ...(opts.out === undefined ? {} : { out: opts.out, written: commit?.kind === 'written' }),
      }),
    );
    return;
  }
  for (const l of configurationLines(opts.configuration, 80)) out.write(`${l}\n`);
  if (opts.note !== undefined) out.write(`  ${opts.note}\n`);
  out.write('\n');
  const paint = paintFor(out);
  out.write(renderResultsTable(results, paint === undefined ? {} : { paint }));
  const count = (v: CellVerdict): number => results.filter((r) => r.verdict === v).length;
  const extra = (v: CellVerdict, text: string): string => (count(v) > 0 ? `, ${count(v)} ${text}` : '');
  out.write(
    `\n${results.length} check${results.length === 1 ? '' : 's'}: ${count('holds')} hold, ${count('violated')} violated, ${count('incomplete')} incomplete` +
      `${extra('not-run', 'not run')}${extra('not-found', 'not found by simulation')}, in ${seconds.toFixed(1)} s\n`,
  );
  if (opts.simulate !== undefined) {
    out.write(`simulation: ${opts.simulate.runs} random runs of at most ${opts.simulate.maxSteps} steps, seed ${opts.simulate.seed}; "not found" is not "holds"\n`);
  }
  // Grouped by bound, cells listed under it, so 80 columns hold any number of cells.
  const bounds = new Map<string, string[]>();
  for (const r of results) {
    if (r.verdict !== 'holds') continue;
    for (const b of r.bounded ?? []) {
      const cells = bounds.get(b) ?? [];
      const cell = `${r.variant}@${r.memoryModel ?? 'sc'}`;
      if (!cells.includes(cell)) bounds.set(b, [...cells, cell]);
    }
  }
  if (bounds.size > 0) {
    out.write('\nholds (bounded): the search cut behaviour short, so it holds within this bound:\n');
    for (const [b, cells] of bounds) {
      out.write(wrap(`${b}:`, 78, 2).map((l) => `  ${l}\n`).join(''));
      out.write(wrapItems(cells, 80, '    ').map((l) => `${l}\n`).join(''));
    }
  }
  const changed = modelDependentVerdicts(results);
  if (changed.length > 0) {
    out.write('\nVerdicts that change with the memory model:\n');
    for (const c of changed) out.write(wrap(c, 78, 4).map((l) => `  ${l}\n`).join(''));
  }
  const omission = Math.max(0, ...results.map((r) => r.omissionProbability ?? 0));
  if (opts.check.fingerprint === true) {
    // A fingerprint collision can only hide states, so "holds" is as strong as this bound.
    out.write(`fingerprints: probability that a search missed a state <= ${omission.toExponential(1)}\n`);
  }
  if (opts.coverage === 'full' && coverage.length > 0) out.write(`\n${renderCoverage(coverage)}`);
  const warnings = opts.coverage === 'warnings' ? coverageWarnings(coverage) : [];
  if (warnings.length > 0) out.write(`\n${warnings.join('\n')}\n`);
  // Not silence that reads as "every step fired": the parallel search records no coverage.
  if (opts.coverage === 'warnings' && (opts.check.workers ?? 1) > 1) {
    out.write(`\nno unreached-step warnings: --workers ${opts.check.workers} does not record which steps fire (--workers 1 does)\n`);
  }
  if (opts.printTraces) {
    for (const cx of found) out.write(`\n${textFor(cx, commit?.kind === 'written' ? opts.out : undefined)}`);
  }
  if (opts.out !== undefined && commit?.kind === 'written' && found.length > 0) {
    out.write(`\nCounterexamples (<variant>--<invariant>--<memory model>.txt .dot .svg .json) in\n  ${opts.out}/\n`);
    for (const cx of found) out.write(`  ${counterexampleBaseName(cx.variant, cx.property.name, cx.memoryModel)}\n`);
  }
}

/** 1 if anything is violated, else 3 if anything is incomplete, else 0; 2 if the sets were not written. */
export function exitForCheck(r: SessionResult): number {
  if (r.notWritten !== undefined) return EXIT.usage;
  if (r.violated) return EXIT.violated;
  return r.incomplete ? EXIT.incomplete : EXIT.ok;
}

/** The matrix: 3 if any cell is incomplete, else 0, whatever the verdicts; 2 if the sets were not written. */
export function exitForMatrix(r: SessionResult): number {
  if (r.notWritten !== undefined) return EXIT.usage;
  return r.incomplete ? EXIT.incomplete : EXIT.ok;
}

/** Prints the not-written line, if any, after the verdicts. */
export function reportNotWritten(r: SessionResult): void {
  if (r.notWritten !== undefined) process.stderr.write(`audit-check: ${r.notWritten}\n`);
}
