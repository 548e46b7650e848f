/**
 * The audit model's size and speed (`npm run bench`, JSON key "audit"): for every variant, at the
 * default bounds and with one more task, the full state space (no POR) with every invariant and
 * deadlock checked: `<variant>.<bounds>.states`, `.transitions`, `.seconds`, `.complete`.
 * Each search is capped at AUDIT_BENCH_SECONDS (default 300); AUDIT_BENCH_BOUNDS=default skips the
 * one-more-task runs (about two minutes in all on this machine, most of it v2.1);
 * AUDIT_BENCH_ONLY=parallel runs only the `parallel` figure.
 */
import { buildAuditModel, DEFAULT_BOUNDS, VARIANT_NAMES, type Bounds } from '../src/model/audit/index.js';
import { auditInvariants } from '../src/invariants/audit.js';
import { check } from '../src/checker/index.js';
import { parallelCheck } from '../src/parallel/index.js';
import '../src/protocols/index.js';
import { PLUS_ONE_TASK } from './bounds.js';
import type { Figures } from './section.js';

const SECONDS = Number(process.env['AUDIT_BENCH_SECONDS'] ?? 300);
const BOUNDS: readonly [string, Bounds][] = [
  ['default', DEFAULT_BOUNDS],
  ...(process.env['AUDIT_BENCH_BOUNDS'] === 'default'
    ? []
    : [['plus1task', PLUS_ONE_TASK] as [string, Bounds]]),
];

export const units: Readonly<Record<string, string>> = Object.fromEntries(
  VARIANT_NAMES.flatMap((v) => BOUNDS.map(([b]) => [`${v}.${b}.seconds`, 's'])),
);

export async function run(): Promise<Figures> {
  // AUDIT_BENCH_ONLY=parallel: only the one-thread-against-workers figure (seconds instead of minutes).
  if (process.env['AUDIT_BENCH_ONLY'] === 'parallel') return { parallel: await parallelFigures() };
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
  if (process.env['AUDIT_BENCH_BOUNDS'] !== 'default') out['parallel'] = await parallelFigures();
  return out;
}

/**
 * legacy at 3 tasks (2,646,558 states with the default child syscall) on one thread and on 2 worker threads (BENCH_WORKERS), no POR:
 * states per second of each and the ratio. Results must be equal; only the time may differ.
 */
async function parallelFigures(): Promise<Record<string, number>> {
  const workers = Number(process.env['BENCH_WORKERS'] ?? 2);
  const config = { variant: 'legacy', bounds: { ...DEFAULT_BOUNDS, tasks: DEFAULT_BOUNDS.tasks + 1 }, knobs: {} };
  const model = buildAuditModel(config);
  const invariants = auditInvariants(model);
  const one = check(model, invariants, { maxSeconds: SECONDS });
  const many = await parallelCheck({ protocol: 'audit', config }, model, invariants, { maxSeconds: SECONDS }, workers);
  if (many.stats.states !== one.stats.states || many.stats.transitions !== one.stats.transitions) {
    throw new Error(`audit parallel: ${many.stats.states} states on ${workers} workers, ${one.stats.states} on one thread`);
  }
  const rate = (r: typeof one): number => r.stats.states / r.stats.elapsedSeconds;
  return {
    states: one.stats.states,
    workers,
    oneThreadStatesPerSecond: Math.round(rate(one)),
    statesPerSecond: Math.round(rate(many)),
    speedup: Number((rate(many) / rate(one)).toFixed(2)),
  };
}
