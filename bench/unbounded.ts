/**
 * Unbounded mode at more tasks (`npm run bench -- --only unbounded`, JSON key "unbounded"): tasks make
 * syscalls and auditctl changes rules forever (`--syscalls unbounded --rule-ops unbounded`, at most
 * DEFAULT_MAX_RULES rules), proposed-fixed, every invariant and deadlock, no partial-order reduction.
 *
 * - `tasks4`: the target search, 4 tasks with symmetry (the CLI's default there): under 60 s?
 * - `factor3`, `factor4`: the same search in full and with symmetry at 3 and 4 tasks, in this run:
 *   states, seconds and the reduction factor (at most 2 at 3 tasks, 6 at 4: the group's order).
 * - `largest`: the most tasks whose symmetric search completes within UNBOUNDED_BENCH_SECONDS
 *   (default 600): 5 tasks, then one more while the last took under a tenth of the budget (the
 *   states grow about tenfold per task).
 * The CPUs stay at the default 2, so every task but two waits for a CPU, as on a loaded machine.
 * Every search uses `--scheduler implicit`, which reaches exactly the explicit scheduler's kernel
 * states with no CPU numbering (docs/model.md, "Two encodings"): the same verdicts, 2 to 9 times
 * fewer states. `tasks4.workers2` repeats the target search on 2 worker threads.
 */
import { buildAuditModel, DEFAULT_BOUNDS, type Bounds } from '../src/model/audit/index.js';
import { AuditConfigError, UNBOUNDED } from '../src/model/audit/config.js';
import { auditInvariants } from '../src/invariants/audit.js';
import { check } from '../src/checker/index.js';
import { runCheck } from '../src/api/run.js';
import type { CheckResult } from '../src/checker/types.js';
import type { Figures } from './section.js';

const SECONDS = Number(process.env['UNBOUNDED_BENCH_SECONDS'] ?? 600);
const VARIANT = 'proposed-fixed';
const TARGET_SECONDS = 60;
const KNOBS = { scheduler: 'implicit' };

export const optIn = true;
export const units: Readonly<Record<string, string>> = {};

const round = (x: number, digits = 2): number => Number(x.toFixed(digits));
// Children make no syscalls, as when the README's figures were measured (one child syscall would
// multiply the 4-task graphs again).
const boundsAt = (tasks: number): Bounds => ({ ...DEFAULT_BOUNDS, tasks, syscalls: UNBOUNDED, ruleOps: UNBOUNDED, childSyscalls: 0 });

interface Timed {
  readonly result: CheckResult;
  readonly seconds: number;
}

function timed(tasks: number, symmetry: boolean): Timed {
  const model = buildAuditModel({ variant: VARIANT, bounds: boundsAt(tasks), knobs: KNOBS });
  const t0 = performance.now();
  const result = check(model, auditInvariants(model), { symmetry, deadlock: true, maxSeconds: SECONDS });
  return { result, seconds: (performance.now() - t0) / 1000 };
}

function figures(out: Figures, key: string, t: Timed): void {
  out[`${key}.states`] = t.result.stats.states;
  out[`${key}.seconds`] = round(t.seconds);
  out[`${key}.complete`] = t.result.complete;
  out[`${key}.violated`] = t.result.properties.filter((p) => p.verdict === 'violated').map((p) => p.name).join(',') || 'none';
  // Progress on stderr as each search ends: the section runs for many minutes.
  process.stderr.write(`unbounded.${key}: ${t.result.stats.states} states, ${round(t.seconds)} s, complete ${t.result.complete}\n`);
}

export async function run(): Promise<Figures> {
  const out: Figures = { bounds: 'cpus=2 forks=1 syscalls=unbounded rule-ops=unbounded scheduler=implicit (tasks as named)' };
  const target = timed(4, true);
  figures(out, 'tasks4', target);
  out['tasks4.underTarget'] = target.result.complete && target.seconds < TARGET_SECONDS;
  const t0 = performance.now();
  const parallel = await runCheck({
    protocol: 'audit',
    config: { variant: VARIANT, bounds: boundsAt(4), knobs: KNOBS },
    options: { symmetry: true, maxSeconds: SECONDS },
    workers: 2,
  });
  figures(out, 'tasks4.workers2', { result: parallel.result, seconds: (performance.now() - t0) / 1000 });
  let agree = true;
  for (const tasks of [3, 4]) {
    const sym = tasks === 4 ? target : timed(tasks, true);
    const full = timed(tasks, false);
    figures(out, `factor${tasks}.full`, full);
    figures(out, `factor${tasks}.symmetry`, sym);
    out[`factor${tasks}.stateFactor`] = round(full.result.stats.states / sym.result.stats.states);
    out[`factor${tasks}.timeFactor`] = round(full.seconds / sym.seconds);
    agree &&= full.result.properties.every((p, i) => p.verdict === sym.result.properties[i]!.verdict);
  }
  out['verdictsAgree'] = agree;
  let largest = target.result.complete && target.seconds <= SECONDS ? 4 : 0;
  let last = target;
  for (let tasks = 5; last.result.complete && (tasks === 5 || last.seconds < SECONDS / 10); tasks++) {
    try {
      last = timed(tasks, true);
    } catch (e) {
      // The model's encoding has a most-tasks bound: that, not time, is then the limit.
      if (!(e instanceof AuditConfigError)) throw e;
      out['largest.limit'] = e.message;
      break;
    }
    figures(out, `tasks${tasks}`, last);
    if (last.result.complete) largest = tasks;
  }
  out['largest.tasks'] = largest;
  out['largest.budgetSeconds'] = SECONDS;
  return out;
}
