/**
 * What `audit-check` and `audit-check check` share: run a list of cells (variant × property), write
 * counterexample sets, print the table or JSON, and pick the exit status.
 */
import type { ShardStats, Verdict } from '../checker/types.js';
import type { AuditConfig } from '../model/audit/config.js';
import { AuditConfigError } from '../model/audit/config.js';
import { counterexampleBaseName, formatBounds } from '../report/counterexample.js';
import type { Counterexample } from '../report/counterexample.js';
import { modelDependentVerdicts, renderResultsJson, renderResultsTable, type CellResult } from '../report/results.js';
import type { OutputFormat, RunOptions } from './options.js';
import { ProgressReporter } from './progress.js';
import { EXIT, UsageError } from './usage-error.js';
import { verify } from './verify.js';
import { wrap, wrapItems } from '../report/wrap.js';
import { writeShardFile } from './shard-output.js';
import { removeCounterexampleSet, textFor, writeCounterexampleSet } from './write-set.js';


export interface SessionOptions {
  readonly check: RunOptions;
  readonly format: OutputFormat;
  readonly out?: string | undefined;
  readonly quiet: boolean;
  /** Print each counterexample's text after the table (check), or only the file names (matrix). */
  readonly printTraces: boolean;
  /**
   * One search per property (POR then sees only that property's reads as visible) instead of one
   * search per variant for all of them.
   */
  readonly split: boolean;
  /** With `check.shard`: the file the shard's cells and counterexamples go to. */
  readonly shardFile?: string | undefined;
}

export interface SessionResult {
  readonly results: readonly CellResult[];
  readonly violated: boolean;
  readonly incomplete: boolean;
}

/** Runs every (config, property) cell; cells after a Ctrl-C are reported incomplete, not run. */
export async function runSession(
  cells: readonly { config: AuditConfig; properties: readonly string[] }[],
  opts: SessionOptions,
): Promise<SessionResult> {
  const progress = new ProgressReporter(process.stderr, opts.quiet);
  const results: CellResult[] = [];
  const written: { cx: Counterexample; files: string[] }[] = [];
  const started = performance.now();
  let interrupted = false;
  let searches = 0;
  const shardStats = new Map<number, ShardStats>();
  for (const { config, properties } of cells) {
    const groups = opts.split ? properties.map((p) => [p]) : [properties];
    for (const group of groups) {
      if (interrupted) {
        searches++;
        for (const p of group) results.push({ ...notRun(searches, config.variant, p), memoryModel: config.memoryModel ?? 'sc' });
        continue;
      }
      const outcome = await verify(++searches, config, group, opts.check, progress).catch((e: unknown) => {
        if (e instanceof AuditConfigError) throw new UsageError(e.message);
        throw e;
      });
      interrupted = outcome.interrupted;
      if (outcome.shard !== undefined) shardStats.set(searches, outcome.shard);
      for (const r of outcome.results) {
        const cx = outcome.counterexamples.find((c) => c.property.name === r.invariant);
        if (opts.out !== undefined && cx !== undefined) {
          const files = await writeCounterexampleSet(opts.out, cx);
          written.push({ cx, files });
          results.push({ ...r, files });
        } else {
          if (opts.out !== undefined && r.verdict === 'holds') await removeCounterexampleSet(opts.out, r.variant, r.invariant, r.memoryModel);
          if (cx !== undefined) written.push({ cx, files: [] });
          results.push(r);
        }
      }
    }
  }
  const seconds = (performance.now() - started) / 1000;
  print(results, written, opts, seconds, cells[0]?.config);
  if (opts.shardFile !== undefined && opts.check.shard !== undefined) {
    await writeShardFile(opts.shardFile, opts.check, cells[0]?.config, results, written.map((w) => w.cx), shardStats);
  }
  return {
    results,
    violated: results.some((r) => r.verdict === 'violated'),
    incomplete: results.some((r) => r.verdict === 'incomplete'),
  };
}

function notRun(search: number, variant: string, invariant: string): CellResult {
  return { variant, invariant, verdict: 'incomplete', search, states: 0, transitions: 0, depth: 0, seconds: 0, stopped: 'interrupted' };
}

const COLOURS: Record<Verdict, string> = { holds: '32', violated: '31', incomplete: '33' };

function paintFor(stream: NodeJS.WriteStream): ((v: Verdict, t: string) => string) | undefined {
  if (stream.isTTY !== true || process.env['NO_COLOR'] !== undefined) return undefined;
  return (v, t) => `\x1b[${COLOURS[v]}m${t}\x1b[0m`;
}

function print(
  results: readonly CellResult[],
  written: readonly { cx: Counterexample; files: readonly string[] }[],
  opts: SessionOptions,
  seconds: number,
  first: AuditConfig | undefined,
): void {
  const out = process.stdout;
  if (opts.format === 'json') {
    out.write(
      renderResultsJson(results, {
        ...(first === undefined ? {} : { bounds: first.bounds }),
        memoryModels: [...new Set(results.map((r) => r.memoryModel ?? 'sc'))],
        ...(first?.storeBuffer === undefined ? {} : { storeBuffer: first.storeBuffer }),
        por: opts.check.por ?? 'sc only',
        search: opts.check.search ?? 'bfs',
        seconds: Number(seconds.toFixed(3)),
      }),
    );
    return;
  }
  if (first !== undefined) {
    out.write(`audit-check: ${formatBounds({ ...first.bounds })}; ${opts.check.search ?? 'bfs'}, POR ${opts.check.por === undefined ? 'on under sc' : opts.check.por ? 'on' : 'off'}\n`);
    out.write(`${memoryLine(results, first)}\n\n`);
  }
  const paint = paintFor(out);
  out.write(renderResultsTable(results, paint === undefined ? {} : { paint }));
  const total = results.length;
  const holds = results.filter((r) => r.verdict === 'holds').length;
  const violated = results.filter((r) => r.verdict === 'violated').length;
  out.write(`\n${total} checks: ${holds} hold, ${violated} violated, ${total - holds - violated} incomplete, in ${seconds.toFixed(1)} s\n`);
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
  if (opts.printTraces) {
    for (const { cx } of written) out.write(`\n${textFor(cx, opts.out)}`);
  }
  if (opts.out !== undefined && written.length > 0) {
    out.write(`\nCounterexamples in ${opts.out}/ (<variant>--<invariant>--<memory model>.txt .dot .svg .json):\n`);
    for (const { cx } of written) out.write(`  ${counterexampleBaseName(cx.variant, cx.property.name, cx.memoryModel)}\n`);
  }
}

/** `memory model: sc` or `memory models: sc, x86-tso, store-reordering (store buffer 2 entries per CPU)`. */
function memoryLine(results: readonly CellResult[], first: AuditConfig): string {
  const models = [...new Set(results.map((r) => r.memoryModel ?? 'sc'))];
  const weak = models.some((m) => m !== 'sc');
  const buffer = weak ? `, store buffer ${first.storeBuffer ?? 2} entries per CPU` : '';
  return `memory model${models.length > 1 ? 's' : ''}: ${models.join(', ')}${buffer}`;
}

/** 1 if anything is violated, else 3 if anything is incomplete, else 0. */
export function exitForCheck(r: SessionResult): number {
  if (r.violated) return EXIT.violated;
  return r.incomplete ? EXIT.incomplete : EXIT.ok;
}

/** The matrix: 3 if any cell is incomplete, else 0, whatever the verdicts. */
export function exitForMatrix(r: SessionResult): number {
  return r.incomplete ? EXIT.incomplete : EXIT.ok;
}
