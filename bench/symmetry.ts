/**
 * Symmetry reduction on the audit model (`npm run bench -- --only symmetry`, JSON key "symmetry"):
 * proposed-fixed with every invariant and deadlock, at 3 tasks (the other bounds default) and at 4
 * tasks (one syscall per task, to keep the full search in memory), each searched in full and with
 * symmetry in the same run: states, seconds, the reduction factor (full / symmetric states; at most
 * the group's order, 2 at 3 tasks and 6 at 4), and whether every verdict agrees. Neither search uses
 * partial-order reduction, so the factor is symmetry's alone.
 *
 * Each search is capped at SYMMETRY_BENCH_SECONDS (default 600) seconds; a capped search is reported
 * with `complete: false` and its factor is not a measurement.
 */
import { buildAuditModel, DEFAULT_BOUNDS, type Bounds } from '../src/model/audit/index.js';
import { auditInvariants } from '../src/invariants/audit.js';
import { check } from '../src/checker/index.js';
import type { CheckResult } from '../src/checker/types.js';
import type { Figures } from './section.js';

const SECONDS = Number(process.env['SYMMETRY_BENCH_SECONDS'] ?? 600);
const VARIANT = 'proposed-fixed';
const BOUNDS: readonly [string, Bounds][] = [
  // Children make no syscalls, as when the README's figures were measured (the child is never renamed).
  ['tasks3', { ...DEFAULT_BOUNDS, tasks: 3, childSyscalls: 0 }],
  ['tasks4', { ...DEFAULT_BOUNDS, tasks: 4, syscalls: 1, childSyscalls: 0 }],
];

export const optIn = true;
export const units: Readonly<Record<string, string>> = {};

const round = (x: number, digits = 2): number => Number(x.toFixed(digits));

function timed(bounds: Bounds, symmetry: boolean): { result: CheckResult; seconds: number } {
  const model = buildAuditModel({ variant: VARIANT, bounds, knobs: {} });
  const t0 = performance.now();
  const result = check(model, auditInvariants(model), { symmetry, maxSeconds: SECONDS });
  return { result, seconds: (performance.now() - t0) / 1000 };
}

export async function run(): Promise<Figures> {
  const out: Figures = {};
  let agree = true;
  for (const [label, bounds] of BOUNDS) {
    const sym = timed(bounds, true);
    const full = timed(bounds, false);
    const key = `${VARIANT}.${label}`;
    out[`${key}.bounds`] = `tasks=${bounds.tasks} cpus=${bounds.cpus} forks=${bounds.forks} rule-ops=${bounds.ruleOps} syscalls=${bounds.syscalls}`;
    out[`${key}.fullStates`] = full.result.stats.states;
    out[`${key}.fullSeconds`] = round(full.seconds);
    out[`${key}.fullComplete`] = full.result.complete;
    out[`${key}.symmetryStates`] = sym.result.stats.states;
    out[`${key}.symmetrySeconds`] = round(sym.seconds);
    out[`${key}.symmetryComplete`] = sym.result.complete;
    out[`${key}.stateFactor`] = round(full.result.stats.states / sym.result.stats.states);
    out[`${key}.timeFactor`] = round(full.seconds / sym.seconds);
    agree &&= full.result.properties.every((p, i) => p.verdict === sym.result.properties[i]!.verdict);
  }
  out['verdictsAgree'] = agree;
  return out;
}
