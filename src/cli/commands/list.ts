/**
 * `audit-check list`: the variants, invariants and knobs, each with a one-line meaning.
 */
import { MEMORY_MODELS, MEMORY_MODEL_SUMMARIES } from '../../model/kernel/memory.js';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { INVARIANTS } from '../../invariants/audit.js';
import { KNOBS, VARIANTS } from '../../model/audit/index.js';
import { DEFAULT_BOUNDS } from '../../model/audit/config.js';
import { formatBounds } from '../../report/counterexample.js';
import { wrap } from '../../report/wrap.js';
import { formatFrom } from '../options.js';
import { DEADLOCK } from '../verify.js';

interface ListArgs {
  readonly format: string;
}

/** `name  meaning`, with the meaning wrapped under itself. */
function entries(items: readonly (readonly [string, string])[], width: number): string[] {
  const w = Math.max(...items.map(([n]) => n.length));
  return items.flatMap(([name, meaning]) =>
    wrap(meaning, width - w - 4).map((line, i) => `  ${(i === 0 ? name : '').padEnd(w)}  ${line}`.trimEnd()),
  );
}

export function renderList(width = 80): string {
  const out: string[] = [];
  out.push('Variants (--variant):');
  out.push(...entries(VARIANTS.map((v) => [v.name, v.summary] as const), width));
  out.push('');
  out.push('Invariants (--invariant):');
  out.push(...entries([...INVARIANTS, DEADLOCK].map((i) => [i.name, i.summary] as const), width));
  out.push('');
  out.push('Memory models (--memory-model; check defaults to sc, the matrix runs all):');
  out.push(...entries(MEMORY_MODELS.map((m) => [m, MEMORY_MODEL_SUMMARIES[m]] as const), width));
  out.push('');
  out.push('Knobs (--<knob> VALUE; each applies to the variants that list a default):');
  for (const k of KNOBS) {
    out.push(`  --${k.name} ${k.values.join('|')}`);
    out.push(...wrap(k.meaning, width - 6).map((l) => `      ${l}`));
    const defaults = Object.entries(k.defaults).map(([v, d]) => `${v}=${d}`);
    out.push(...wrap(`default: ${defaults.join(', ')}`, width - 6).map((l) => `      ${l}`));
  }
  out.push('');
  out.push(`Default bounds: ${formatBounds({ ...DEFAULT_BOUNDS })}`);
  return out.join('\n') + '\n';
}

export const listCommand: CommandModule<object, ListArgs> = {
  command: 'list',
  describe: 'list variants, invariants and knobs',
  builder: (y: Argv) =>
    y
      .option('format', { type: 'string', default: 'text', describe: 'output: text | json', requiresArg: true })
      .epilog('Exit status: 0 listed, 2 bad usage. The list names every knob with its default per variant.'),
  handler: (argv: ArgumentsCamelCase<ListArgs>) => {
    if (formatFrom(argv) === 'json') {
      process.stdout.write(
        JSON.stringify(
          {
            variants: VARIANTS, invariants: [...INVARIANTS, DEADLOCK].map(({ name, summary }) => ({ name, summary })), knobs: KNOBS,
            memoryModels: MEMORY_MODELS.map((name) => ({ name, summary: MEMORY_MODEL_SUMMARIES[name] })), bounds: DEFAULT_BOUNDS,
          },
          null,
          2,
        ) + '\n',
      );
      return;
    }
    process.stdout.write(renderList());
  },
};
