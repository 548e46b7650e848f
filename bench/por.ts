/**
 * Partial-order reduction on the audit model (`npm run bench -- --only por`, JSON key "por"): per
 * variant at the default bounds and with one more task, states and seconds without POR, with POR
 * checking all invariants at once, and with POR checking each invariant (and deadlock) alone; the
 * reduction ratio (full states / POR states) per holding cell (a violated cell stops at its first
 * counterexample, so its state count is no reduction), and whether every verdict agrees.
 *
 * Each search is capped at POR_BENCH_SECONDS (default 300) seconds; a capped search is reported
 * with `complete: false` and its ratio is not a measurement. POR_BENCH_BOUNDS=default skips the
 * one-more-task runs. `cpuPerActor` is the default bounds with 4 CPUs, so that no scheduler steps exist:
 * it shows how much of the reduction the scheduler's steps prevent.
 */
import { buildAuditModel, DEFAULT_BOUNDS, VARIANT_NAMES, type Bounds } from '../src/model/audit/index.js';
import { auditInvariants } from '../src/invariants/audit.js';
import { check } from '../src/checker/index.js';
import type { CheckResult } from '../src/checker/types.js';
import type { Invariant } from '../src/invariants/invariant.js';
import type { Model } from '../src/model/model.js';
import { PLUS_ONE_TASK } from './bounds.js';
import type { Figures } from './section.js';

const SECONDS = Number(process.env['POR_BENCH_SECONDS'] ?? 300);
const BOUNDS: readonly [string, Bounds][] = [
  ['default', DEFAULT_BOUNDS],
  // A CPU per actor (2 tasks, the forked child, auditctl): no scheduler steps, to show what they cost.
  ['cpuPerActor', { ...DEFAULT_BOUNDS, cpus: 4 }],
  ...(process.env['POR_BENCH_BOUNDS'] === 'default' ? [] : [['plus1task', PLUS_ONE_TASK] as [string, Bounds]]),
];

export const units: Readonly<Record<string, string>> = {};

interface Run {
  readonly result: CheckResult;
  readonly seconds: number;
}

function timed(model: Model, invariants: readonly Invariant[], por: boolean, deadlock: boolean): Run {
  const t0 = performance.now();
  const result = check(model, invariants, { por, deadlock, maxSeconds: SECONDS });
  return { result, seconds: (performance.now() - t0) / 1000 };
}

const round = (x: number, digits = 2): number => Number(x.toFixed(digits));
const verdictOf = (r: CheckResult, name: string): string => r.properties.find((p) => p.name === name)?.verdict ?? 'absent';

export async function run(): Promise<Figures> {
  const out: Figures = {};
  let agree = true;
  const holdingRatios: number[] = [];
  for (const [label, bounds] of BOUNDS) {
    for (const variant of VARIANT_NAMES) {
      const model = buildAuditModel({ variant, bounds, knobs: {} });
      const invariants = auditInvariants(model);
      const key = `${variant}.${label}`;
      const full = timed(model, invariants, false, true);
      const porAll = timed(model, invariants, true, true);
      const complete = full.result.complete && porAll.result.complete;
      out[`${key}.fullStates`] = full.result.stats.states;
      out[`${key}.fullSeconds`] = round(full.seconds);
      out[`${key}.fullComplete`] = full.result.complete;
      out[`${key}.allAtOnce.porStates`] = porAll.result.stats.states;
      out[`${key}.allAtOnce.porSeconds`] = round(porAll.seconds);
      if (complete) out[`${key}.allAtOnce.ratio`] = round(full.result.stats.states / porAll.result.stats.states);
      let oneAtATimeStates = 0;
      let oneAtATimeSeconds = 0;
      const cells: (Invariant | undefined)[] = [...invariants, undefined];
      for (const inv of cells) {
        const name = inv?.name ?? 'deadlock';
        const alone = timed(model, inv === undefined ? [] : [inv], true, inv === undefined);
        const verdict = verdictOf(full.result, name);
        const porVerdict = verdictOf(alone.result, name);
        const sameAll = verdictOf(porAll.result, name) === verdict;
        if (verdict !== 'incomplete' && porVerdict !== 'incomplete' && (porVerdict !== verdict || !sameAll)) agree = false;
        const ratio = full.result.stats.states / alone.result.stats.states;
        out[`${key}.${name}.verdict`] = verdict;
        out[`${key}.${name}.porVerdict`] = porVerdict;
        out[`${key}.${name}.porStates`] = alone.result.stats.states;
        out[`${key}.${name}.porSeconds`] = round(alone.seconds);
        // A violated cell stops at its first counterexample: its state count is not a reduction.
        if (verdict === 'holds' && alone.result.complete && full.result.complete) out[`${key}.${name}.ratio`] = round(ratio);
        oneAtATimeStates += alone.result.stats.states;
        oneAtATimeSeconds += alone.seconds;
        if (label === 'plus1task' && verdict === 'holds' && alone.result.complete) holdingRatios.push(ratio);
      }
      out[`${key}.oneAtATime.porStatesSum`] = oneAtATimeStates;
      out[`${key}.oneAtATime.porSecondsSum`] = round(oneAtATimeSeconds);
      out[`${key}.complete`] = complete;
    }
  }
  out['verdictsAgree'] = agree;
  out['plus1taskHoldingCells'] = holdingRatios.length;
  if (holdingRatios.length > 0) {
    out['plus1taskHoldingMinRatio'] = round(Math.min(...holdingRatios));
    out['plus1taskHoldingMaxRatio'] = round(Math.max(...holdingRatios));
  }
  out['secondsCapPerSearch'] = SECONDS;
  return out;
}
