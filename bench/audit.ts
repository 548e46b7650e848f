/**
 * The audit model's size and speed (`npm run bench`, JSON key "audit"): for every variant, at the
 * default bounds and with one more task, the full state space (no POR) with every invariant and
 * deadlock checked: `<variant>.<bounds>.states`, `.transitions`, `.seconds`, `.complete`.
 * Each search is capped at AUDIT_BENCH_SECONDS (default 300); AUDIT_BENCH_BOUNDS=default skips the
 * one-more-task runs (about two minutes in all on this machine, most of it v2.1).
 */
import { buildAuditModel, DEFAULT_BOUNDS, VARIANT_NAMES, type Bounds } from '../src/model/audit/index.js';
import { auditInvariants } from '../src/invariants/audit.js';
import { check } from '../src/checker/index.js';
import type { Figures } from './section.js';

const SECONDS = Number(process.env['AUDIT_BENCH_SECONDS'] ?? 300);
const BOUNDS: readonly [string, Bounds][] = [
  ['default', DEFAULT_BOUNDS],
  ...(process.env['AUDIT_BENCH_BOUNDS'] === 'default'
    ? []
    : [['plus1task', { ...DEFAULT_BOUNDS, tasks: DEFAULT_BOUNDS.tasks + 1 }] as [string, Bounds]]),
];

export const units: Readonly<Record<string, string>> = Object.fromEntries(
  VARIANT_NAMES.flatMap((v) => BOUNDS.map(([b]) => [`${v}.${b}.seconds`, 's'])),
);

export async function run(): Promise<Figures> {
  const out: Figures = {};
  for (const [boundsName, bounds] of BOUNDS) {
    for (const variant of VARIANT_NAMES) {
      const model = buildAuditModel({ variant, bounds, knobs: {} });
      const t0 = performance.now();
      const result = check(model, auditInvariants(model), { maxSeconds: SECONDS });
      const key = `${variant}.${boundsName}`;
      out[`${key}.states`] = result.stats.states;
      out[`${key}.transitions`] = result.stats.transitions;
      out[`${key}.seconds`] = Number(((performance.now() - t0) / 1000).toFixed(2));
      out[`${key}.complete`] = result.complete;
    }
  }
  return out;
}
