/**
 * `audit-check list` for the audit protocol: the variants, invariants, memory models and knobs, each
 * with a one-line meaning, and the default bounds.
 */
import { MEMORY_MODELS, MEMORY_MODEL_SUMMARIES } from '../../model/kernel/memory.js';
import { INVARIANTS } from '../../invariants/audit.js';
import { KNOBS, VARIANTS } from '../../model/audit/index.js';
import { DEFAULT_BOUNDS, type Bounds } from '../../model/audit/config.js';
import { wrap } from '../../report/wrap.js';
import { DEADLOCK } from '../../cli/verify.js';

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

/** The list as JSON. */
export function listJson(): string {
  return (
    JSON.stringify(
      {
        variants: VARIANTS, invariants: [...INVARIANTS, DEADLOCK].map(({ name, summary }) => ({ name, summary })), knobs: KNOBS,
        memoryModels: MEMORY_MODELS.map((name) => ({ name, summary: MEMORY_MODEL_SUMMARIES[name] })), bounds: DEFAULT_BOUNDS,
      },
      null,
      2,
    ) + '\n'
  );
}

/** `tasks=2 cpus=2 ...` in the flags' own names (child syscalls and max rules only when set). */
function formatBounds(b: Bounds): string {
  const child = b.childSyscalls === 0 ? '' : ` child-syscalls=${b.childSyscalls}`;
  const maxRules = b.maxRules === undefined ? '' : ` max-rules=${b.maxRules}`;
  return `tasks=${b.tasks} cpus=${b.cpus} forks=${b.forks} rule-ops=${b.ruleOps} syscalls=${b.syscalls}${child}${maxRules}`;
}
