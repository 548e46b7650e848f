/**
 * `audit-check merge FILES...`: combines the files shards wrote (`--shard K/N --shard-file F`) into
 * one verdict table. A violation in any shard is a violation; holds needs every shard; a missing or
 * cut-short shard leaves its cells incomplete. States above the split depth, which every shard
 * searched, are reported as duplicated work.
 */
import { readUserFile } from '../read-text.js';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { counterexampleBaseName } from '../../report/counterexample.js';
import { formatCount, renderResultsJson, renderResultsTable, type CellResult } from '../../report/results.js';
import { mergeShards, parseShardFile, ShardFileError, type MergeReport, type ShardFile } from '../../shard/shard-file.js';
import { formatFrom } from '../options.js';
import { EXIT, UsageError, oneLine } from '../usage-error.js';

interface MergeArgs {
  readonly files: string[];
  readonly format: string;
  readonly out?: string;
}

async function load(path: string): Promise<ShardFile> {
  const text = await readUserFile(path);
  try {
    return parseShardFile(text, path);
  } catch (e) {
    throw new UsageError(oneLine((e as Error).message));
  }
}

function cellsOf(report: MergeReport): CellResult[] {
  return report.cells.map(({ trace: _t, splitDepth: _s, prefixStates: _p, fromShard: _f, sample: _x, sampleRate: _r, ...cell }) => cell);
}

/** One line per fact a reader of a merged run needs: coverage and duplicated work. */
function summary(report: MergeReport): string {
  const have = report.count - report.missing.length;
  const lines = [`shards: ${have} of ${report.count}${report.missing.length > 0 ? ` (missing: ${report.missing.join(', ')})` : ''}`];
  const pct = (n: number): string => (report.exploredStates === 0 ? '0.0' : ((100 * n) / report.exploredStates).toFixed(1));
  const dup = report.duplicateStates;
  lines.push(
    `work: ${formatCount(report.exploredStates)} states stored over all shards; duplicate work: ` +
      (dup === undefined ? 'unknown (a shard wrote no sample)' : `about ${formatCount(dup)} (${pct(dup)}%) stored by more than one shard (from a 1/64 hash sample)`) +
      `, of which ${formatCount(report.duplicatePrefixStates)} (${pct(report.duplicatePrefixStates)}%) are the prefix above the split depth`,
  );
  return `${lines.join('\n')}\n`;
}

export const mergeCommand: CommandModule<object, MergeArgs> = {
  command: 'merge <files..>',
  describe: 'combine the files written by `--shard K/N --shard-file F` runs into one verdict table',
  builder: (y: Argv) =>
    y
      .positional('files', { type: 'string', array: true, describe: 'shard files', demandOption: true })
      .option('format', { type: 'string', default: 'text', describe: 'output: text | json', requiresArg: true })
      .option('out', { type: 'string', describe: 'write each violation\'s replayable .json trace into DIR', requiresArg: true }) as unknown as Argv<MergeArgs>,
  handler: async (argv: ArgumentsCamelCase<MergeArgs>) => {
    const format = formatFrom(argv);
    const files = await Promise.all(argv.files.map(load));
    let report: MergeReport;
    try {
      report = mergeShards(files);
    } catch (e) {
      if (e instanceof ShardFileError) throw new UsageError(e.message);
      throw e;
    }
    const cells = cellsOf(report);
    if (argv.out !== undefined) {
      await mkdir(argv.out, { recursive: true });
      for (const c of report.cells) {
        if (c.trace === undefined) continue;
        await writeFile(join(argv.out, `${counterexampleBaseName(c.variant, c.invariant, c.memoryModel)}.json`), `${JSON.stringify(c.trace, null, 2)}\n`);
      }
    }
    if (format === 'json') {
      process.stdout.write(renderResultsJson(cells, { shards: report.count, missing: report.missing, exploredStates: report.exploredStates, duplicatePrefixStates: report.duplicatePrefixStates, duplicateStates: report.duplicateStates ?? null }));
    } else {
      process.stdout.write(renderResultsTable(cells));
      process.stdout.write(`\n${summary(report)}`);
    }
    const violated = cells.some((c) => c.verdict === 'violated');
    const incomplete = cells.some((c) => c.verdict === 'incomplete') || report.missing.length > 0;
    process.exitCode = violated ? EXIT.violated : incomplete ? EXIT.incomplete : EXIT.ok;
  },
};
