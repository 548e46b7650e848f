/**
 * `audit-check barriers --variant V [--memory-model M ...]`: is each barrier, and each lock's ordering,
 * necessary? Takes each explicit barrier of the variant's code out, and takes each lock site's
 * acquire/release ordering away (the lock still excludes), one at a time, and checks every invariant
 * under each memory model. A site is necessary under a model when some invariant that holds with every
 * site in place fails without it; the shortest such counterexample is printed, replayed like every
 * other. Where a lock orders nothing under a model (every lock under sc) the search would be the
 * baseline's own, so the baseline's verdicts are shown and said to be.
 */
import type { ArgumentsCamelCase, Argv, CommandModule, InferredOptionTypes } from 'yargs';
import { INVARIANTS } from '../../../invariants/audit.js';
import { AuditConfigError, type AuditConfig } from '../../../model/audit/config.js';
import { VARIANT_NAMES } from '../../../model/audit/variants/index.js';
import { auditAblationSites } from '../../../model/audit/index.js';
import type { AblationSite } from '../../../model/kernel/ablation.js';
import { lockOrderingMatters, type MemoryModelName } from '../../../model/kernel/memory.js';
import type { Counterexample } from '../../../report/counterexample.js';
import { verdictSummary, type CellResult } from '../../../report/results.js';
import { RUN_OPTIONS, checkOptionsFrom } from '../../../cli/options.js';
import { symmetryUsed } from '../../../cli/symmetry.js';
import type { ProtocolCli } from '../../../cli/protocol-cli.js';
import { ProgressReporter } from '../../../cli/progress.js';
import { EXIT, UsageError } from '../../../cli/usage-error.js';
import { DEADLOCK, verify } from '../../../cli/verify.js';
import { textFor } from '../../../cli/write-set.js';
import { BOUND_OPTIONS, MEMORY_LIST_OPTION, VARIANT_FILE_OPTION, variantFrom, boundsFrom, knobOptions, knobsFrom, memoryModelsFrom, storeBufferFrom } from '../options.js';

const { out: _out, split: _split, format: _format, jobs: _jobs, ...RUN } = RUN_OPTIONS;
const OPTIONS = {
  variant: { type: 'string', describe: `protocol variant: ${VARIANT_NAMES.join(' | ')} (or one --variant-file registers)`, requiresArg: true },
  ...VARIANT_FILE_OPTION,
  ...MEMORY_LIST_OPTION,
  ...BOUND_OPTIONS,
  ...RUN,
} as const;
type BarriersArgs = InferredOptionTypes<typeof OPTIONS>;

interface ModelRow {
  readonly model: MemoryModelName;
  readonly results: readonly CellResult[];
  readonly cx: readonly Counterexample[];
  /** Why no search ran: the site orders nothing under this model, so these are the baseline's. */
  readonly same?: string;
}
interface Row {
  readonly models: ModelRow[];
}
/** Per site and model: the invariants newly failing, with their shortest counterexample's length. */
type Summary = { site: AblationSite; cells: string[] }[];

export const barriersCommand = (cli: ProtocolCli<AuditConfig>): CommandModule<object, BarriersArgs> => ({
  command: 'barriers',
  describe: "take out each barrier, and each lock's ordering, of a variant in turn: which invariants fail without it, under which memory model",
  builder: (y: Argv) =>
    y.usage('$0 barriers --variant V [--memory-model M ...] [options]')
      .options(knobOptions()).options(OPTIONS)
      .epilog('Exit status: 0 every search completed, 2 bad usage, 3 some search incomplete, 4 internal error.'),
  handler: async (argv: ArgumentsCamelCase<BarriersArgs>) => {
    const base: AuditConfig = {
      variant: await variantFrom(argv), bounds: boundsFrom(argv), knobs: knobsFrom(argv),
      storeBuffer: storeBufferFrom(argv),
    };
    const models = memoryModelsFrom(argv['memory-model']) as MemoryModelName[];
    const sites = configError(() => auditAblationSites({ ...base, memoryModel: models[0]! }));
    const options = checkOptionsFrom({ ...argv, format: 'text' });
    // Every memory model's refusal (e.g. --symmetry on under x86-tso) before the first search runs.
    for (const memoryModel of models) symmetryUsed(cli.symmetry({ ...base, memoryModel }), options, cli.texts.symmetryLiveness);
    const progress = new ProgressReporter(process.stderr, argv.quiet);
    const properties = [...INVARIANTS.map((i) => i.name), DEADLOCK.name];
    let incomplete = false;
    const run = async (site: AblationSite | undefined, baseline: Row | undefined): Promise<Row> => {
      const row: Row = { models: [] };
      for (const [i, memoryModel] of models.entries()) {
        const same = site === undefined ? undefined : unchangedBecause(site, memoryModel);
        if (same !== undefined && baseline !== undefined) {
          row.models.push({ ...baseline.models[i]!, same });
          continue;
        }
        const without = site === undefined ? [] : [site.id];
        const o = await configError(() => verify(cli, `${base.variant}@${memoryModel}${site === undefined ? '' : ` ${heading(site)}`}`, { ...base, memoryModel, withoutBarriers: without }, properties, options, progress));
        row.models.push({ model: memoryModel, results: o.results, cx: o.counterexamples });
        incomplete ||= o.results.some((x) => x.verdict === 'incomplete');
      }
      return row;
    };
    const out = process.stdout;
    out.write(`audit-check barriers: ${base.variant}, ${count(sites, 'barrier')} and ${count(sites, 'lock')} in its code\n`);
    out.write('(a lock site keeps its mutual exclusion and loses only its ordering: docs/memory-models.md)\n\n');
    const baseline = await run(undefined, undefined);
    out.write(`with every barrier and lock ordering:\n${describe(baseline, undefined)}\n`);
    const shortest: Counterexample[] = [];
    const summary: Summary = [];
    for (const site of sites) {
      const row = await run(site, baseline);
      out.write(`${heading(site)} (${site.file}):\n${describe(row, baseline)}\n`);
      const newly = row.models.map((m, i) => m.cx.filter((c) => holdsIn(baseline.models[i]!.results, c.property.name)));
      summary.push({ site, cells: newly.map((cx) => cell(cx)) });
      const best = newly.flat().sort((a, b) => a.trace.steps.length - b.trace.steps.length)[0];
      if (best !== undefined) shortest.push({ ...best, variant: `${base.variant} without ${site.kind === 'lock' ? 'the ordering of ' : ''}${site.id}` });
    }
    out.write(table(models, summary));
    for (const cx of shortest) out.write(`\n${textFor(cx, undefined)}`);
    process.exitCode = incomplete ? EXIT.incomplete : EXIT.ok;
  },
});

const count = (sites: readonly AblationSite[], kind: AblationSite['kind']): string => {
  const n = sites.filter((s) => s.kind === kind).length;
  return `${n} ${kind === 'barrier' ? 'barrier' : 'lock site'}${n === 1 ? '' : 's'}`;
};

const heading = (site: AblationSite): string => (site.kind === 'lock' ? `without the ordering of ${site.id}` : `without ${site.id}`);

/** Why taking `site` away cannot change a search under `model` (undefined: it can). */
function unchangedBecause(site: AblationSite, model: MemoryModelName): string | undefined {
  if (site.kind !== 'lock' || lockOrderingMatters(model, site.lockPrim!)) return undefined;
  return model === 'sc' ? 'a lock orders nothing under sc' : `an acquisition orders nothing under ${model}`;
}

function holdsIn(results: readonly CellResult[], property: string): boolean {
  return results.find((r) => r.invariant === property)?.verdict === 'holds';
}

/** `rule-coverage (12 steps)` for the newly failing invariants, or `-`. */
function cell(cx: readonly Counterexample[]): string {
  if (cx.length === 0) return '-';
  return cx.map((c) => `${c.property.name} (${c.trace.steps.length} steps)`).join(', ');
}

/** One line per site: what newly fails under each model (`-`: nothing, the site is not needed there). */
function table(models: readonly MemoryModelName[], summary: Summary): string {
  const head = ['site', ...models];
  const rows = summary.map((r) => [`${r.site.kind === 'lock' ? 'ordering of ' : ''}${r.site.id}`, ...r.cells]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [
    'necessary where an invariant fails without it (-: not needed there):',
    line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line),
  ].join('\n') + '\n';
}

/** One line per model: what fails, and whether that is new against the baseline. */
function describe(row: Row, baseline: Row | undefined): string {
  const w = Math.max(...row.models.map((m) => m.model.length));
  const lines = row.models.map((m, i) => {
    const bad = m.results.filter((r) => r.verdict !== 'holds');
    const fresh = baseline === undefined ? [] : bad.filter((r) => holdsIn(baseline.models[i]!.results, r.invariant));
    const bounded = m.results.some((r) => (r.bounded?.length ?? 0) > 0) ? ' (bounded by the store buffer)' : '';
    const what = bad.length === 0 ? `every invariant holds${bounded}` : bad.map((r) => `${r.invariant} ${verdictSummary(r)}`).join(', ');
    const verdict = baseline === undefined ? '' : m.same !== undefined ? `  (unchanged: ${m.same})` : fresh.length > 0 ? '  <- necessary' : '  (not needed here)';
    return `  ${m.model.padEnd(w)}  ${what}${verdict}`;
  });
  return lines.join('\n') + '\n';
}

/** Runs `f`, turning a configuration error into a one-line usage error. */
function configError<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof AuditConfigError) throw new UsageError(e.message);
    throw e;
  }
}
