/**
 * `audit-check barriers --variant V [--memory-model M ...]`: is each barrier necessary? Takes each
 * explicit barrier of the variant's code out, one at a time, and checks every invariant under each
 * memory model. A barrier is necessary under a model when some invariant that holds with every barrier
 * in place fails without it; the shortest such counterexample is printed, replayed like every other.
 */
import type { ArgumentsCamelCase, Argv, CommandModule, InferredOptionTypes } from 'yargs';
import { INVARIANTS } from '../../invariants/audit.js';
import { AuditConfigError, VARIANT_NAMES, type AuditConfig } from '../../model/audit/config.js';
import { auditBarrierSites } from '../../model/audit/index.js';
import type { Counterexample } from '../../report/counterexample.js';
import { verdictText, type CellResult } from '../../report/results.js';
import { BOUND_OPTIONS, MEMORY_LIST_OPTION, VARIANT_FILE_OPTION, variantFrom, RUN_OPTIONS, boundsFrom, checkOptionsFrom, knobOptions, knobsFrom, memoryModelsFrom, oneOf, storeBufferFrom } from '../options.js';
import { ProgressReporter } from '../progress.js';
import { EXIT, UsageError } from '../usage-error.js';
import { DEADLOCK, verify } from '../verify.js';
import { textFor } from '../write-set.js';

const { out: _out, split: _split, format: _format, ...RUN } = RUN_OPTIONS;
const OPTIONS = {
  variant: { type: 'string', describe: `protocol variant: ${VARIANT_NAMES.join(' | ')} (or one --variant-file registers)`, requiresArg: true },
  ...VARIANT_FILE_OPTION,
  ...MEMORY_LIST_OPTION,
  ...BOUND_OPTIONS,
  ...RUN,
} as const;
type BarriersArgs = InferredOptionTypes<typeof OPTIONS>;

interface Row {
  readonly models: { model: string; results: readonly CellResult[]; cx: readonly Counterexample[] }[];
}

export const barriersCommand: CommandModule<object, BarriersArgs> = {
  command: 'barriers',
  describe: 'take out each barrier of a variant in turn: which invariants fail without it, under which memory model',
  builder: (y: Argv) =>
    y.usage('$0 barriers --variant V [--memory-model M ...] [options]')
      .options(knobOptions()).options(OPTIONS)
      .epilog('Exit status: 0 every search completed, 2 bad usage, 3 some search incomplete, 4 internal error.'),
  handler: async (argv: ArgumentsCamelCase<BarriersArgs>) => {
    const base: AuditConfig = {
      variant: await variantFrom(argv), bounds: boundsFrom(argv), knobs: knobsFrom(argv),
      storeBuffer: storeBufferFrom(argv),
    };
    const models = memoryModelsFrom(argv['memory-model']);
    const sites = configError(() => auditBarrierSites({ ...base, memoryModel: models[0]! }));
    const options = checkOptionsFrom({ ...argv, format: 'text' });
    const progress = new ProgressReporter(process.stderr, argv.quiet);
    const properties = [...INVARIANTS.map((i) => i.name), DEADLOCK.name];
    let search = 0;
    let incomplete = false;
    const run = async (withoutBarriers: readonly string[]): Promise<Row> => {
      const row: Row = { models: [] };
      for (const memoryModel of models) {
        const o = await configError(() => verify(++search, { ...base, memoryModel, withoutBarriers }, properties, options, progress));
        row.models.push({ model: memoryModel, results: o.results, cx: o.counterexamples });
        incomplete ||= o.results.some((x) => x.verdict === 'incomplete');
      }
      return row;
    };
    const out = process.stdout;
    out.write(`audit-check barriers: ${base.variant}, ${sites.length} barrier${sites.length === 1 ? '' : 's'} in its code\n\n`);
    const baseline = await run([]);
    out.write(`with every barrier:\n${describe(baseline, undefined)}\n`);
    const shortest: Counterexample[] = [];
    for (const site of sites) {
      const row = await run([site.id]);
      out.write(`without ${site.id} (${site.file}):\n${describe(row, baseline)}\n`);
      const newly = row.models.flatMap((m, i) => m.cx.filter((c) => holdsIn(baseline.models[i]!.results, c.property.name)));
      const best = newly.sort((a, b) => a.trace.steps.length - b.trace.steps.length)[0];
      if (best !== undefined) shortest.push({ ...best, variant: `${base.variant} without ${site.id}` });
    }
    for (const cx of shortest) out.write(`\n${textFor(cx, undefined)}`);
    process.exitCode = incomplete ? EXIT.incomplete : EXIT.ok;
  },
};

function holdsIn(results: readonly CellResult[], property: string): boolean {
  return results.find((r) => r.invariant === property)?.verdict === 'holds';
}

/** One line per model: what fails, and whether that is new against the baseline. */
function describe(row: Row, baseline: Row | undefined): string {
  const w = Math.max(...row.models.map((m) => m.model.length));
  const lines = row.models.map((m, i) => {
    const bad = m.results.filter((r) => r.verdict !== 'holds');
    const fresh = baseline === undefined ? [] : bad.filter((r) => holdsIn(baseline.models[i]!.results, r.invariant));
    const bounded = m.results.some((r) => (r.bounded?.length ?? 0) > 0) ? ' (bounded by the store buffer)' : '';
    const what = bad.length === 0 ? `every invariant holds${bounded}` : bad.map((r) => `${r.invariant} ${verdictText(r)}`).join(', ');
    const verdict = baseline === undefined ? '' : fresh.length > 0 ? '  <- necessary' : '  (not needed here)';
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
