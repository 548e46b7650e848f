/**
 * The administrator (auditctl) changing rules: audit_add_rule / audit_del_rule under
 * audit_filter_mutex, and in the walking variants one step per task slot, in task-list order, setting
 * or clearing TIF_SYSCALL_AUDIT. Children are at the tail of the list.
 */
import {
  READ_ONCE, and, clear_tsk_thread_flag, eq, field, if_, lt, minus, mutex_lock, mutex_unlock, ne, plain_read,
  plain_write, plus, rcu_read_lock, rcu_read_unlock, read_lock, read_unlock, set, set_tsk_thread_flag, smp_mb,
  type BarrierPrim, type Expr, type Op,
} from '../../kernel/program.js';
import { knob, type Env } from '../env.js';
import { UNBOUNDED, maxRulesOf } from '../config.js';
import { ADMIN, type TaskFields } from '../fields.js';
import { afterVisit, atCursor, forgetOrder, placeOnList } from './task-list.js';

const FILTER = 'kernel/auditfilter.c';

/** auditctl may start a rule operation: it is between operations, on a CPU, with operations left. */
const idle = (env: Env): Expr => {
  const { adminPc, adminCpu, adminOps } = env.fields;
  const { ruleOps } = env.config.bounds;
  const ready = and(eq(field(adminPc.id), ADMIN.IDLE), ne(field(adminCpu.id), 0));
  return ruleOps === UNBOUNDED ? ready : and(ready, lt(field(adminOps.id), ruleOps));
};

/** When audit_add_rule may run: idle, and below --max-rules unless the bound on operations already is. */
const addable = (env: Env): Expr => {
  const { bounds } = env.config;
  const max = maxRulesOf(bounds);
  const limited = bounds.ruleOps === UNBOUNDED || max < 1 + bounds.ruleOps;
  return limited ? and(idle(env), lt(plain_read(env.fields.nRules.id), max)) : idle(env);
};

const rcuWalk = (env: Env) => knob(env, 'walk-lock') === 'rcu';

/** The walk's lock: read_lock(&tasklist_lock) (excludes copy_process's attach) or rcu_read_lock(). */
const walkLock = (env: Env): Op => (rcuWalk(env) ? rcu_read_lock() : read_lock(env.fields.tasklistLock.id));
const walkUnlock = (env: Env): Op => (rcuWalk(env) ? rcu_read_unlock() : read_unlock(env.fields.tasklistLock.id));

/** mutex_unlock and return: idle for the next rule op, or done (CPU freed through schedule()). */
function finish(env: Env): Op[] {
  const { adminPc, adminOps, adminWalk, adminCpu, filterMutex } = env.fields;
  const { ruleOps } = env.config.bounds;
  const release = [mutex_unlock(filterMutex.id), set(adminWalk.id, 0)]; // walk: dead until the next one, canonical
  if (ruleOps === UNBOUNDED) return [...release, set(adminPc.id, ADMIN.IDLE)];
  const done = eq(field(adminOps.id), ruleOps);
  return [
    ...release,
    if_(done, [set(adminPc.id, ADMIN.DONE), ...forgetOrder(env), ...(env.scheduling ? [smp_mb('schedule()'), set(adminCpu.id, 0)] : [])], [set(adminPc.id, ADMIN.IDLE)]),
  ];
}

/** audit_n_rules changes by `delta` (a plain update under audit_filter_mutex) and the ghosts reset. */
function countChange(env: Env, delta: number): Op[] {
  const { nRules, adminOps, tasks } = env.fields;
  const next = delta > 0 ? plus(plain_read(nRules.id), 1) : minus(plain_read(nRules.id), 1);
  return [
    plain_write(nRules.id, next),
    ...(env.config.bounds.ruleOps === UNBOUNDED ? [] : [set(adminOps.id, plus(field(adminOps.id), 1))]),
    // ghost: n_rules changed, every task's exit-hook witness resets
    ...tasks.map((t) => set(t.ghostExit.id, 0)),
  ];
}

function startWalk(env: Env, pc: number): Op[] {
  return [walkLock(env), set(env.fields.adminPc.id, pc), set(env.fields.adminWalk.id, 0)];
}

/** audit_add_rule: count the rule; walk setting the flag when `walks` (on the first rule, or every one). */
export function auditAddRule(walks: boolean) {
  return (env: Env): void => {
    const everyAdd = knob(env, 'walk-on-add') === 'every-rule';
    const walk = startWalk(env, ADMIN.WALK_SET);
    const tail: Op[] = !walks ? finish(env) : everyAdd ? walk : [if_(eq(plain_read(env.fields.nRules.id), 1), walk, finish(env))];
    env.steps.push({
      name: 'auditctl: audit_add_rule', func: 'audit_add_rule', file: FILTER, thread: env.adminThread, when: addable(env),
      body: [mutex_lock(env.fields.filterMutex.id), ...countChange(env, +1), ...tail],
    });
    if (walks) walkSteps(env, ADMIN.WALK_SET, 'audit_add_rule', (t) => [...incBarrier(env), set_tsk_thread_flag(t.flag.id)]);
  };
}

/** audit_del_rule: uncount the rule; walk clearing the flag when `walks` and it was the last one. */
export function auditDelRule(walks: boolean) {
  return (env: Env): void => {
    const { nRules, filterMutex } = env.fields;
    const body: Op[] = [mutex_lock(filterMutex.id), ...countChange(env, -1)];
    body.push(...(walks ? [if_(eq(plain_read(nRules.id), 0), startWalk(env, ADMIN.WALK_CLEAR), finish(env))] : finish(env)));
    env.steps.push({
      name: 'auditctl: audit_del_rule', func: 'audit_del_rule', file: FILTER, thread: env.adminThread,
      when: and(idle(env), ne(plain_read(nRules.id), 0)), body,
    });
    if (walks) walkSteps(env, ADMIN.WALK_CLEAR, 'audit_del_rule', (t) => [clear_tsk_thread_flag(t.flag.id)]);
  };
}

/** The barrier inc_n_rules puts before each set_tsk_thread_flag of its walk (knob inc-barrier). */
function incBarrier(env: Env): Op[] {
  const b = knob(env, 'inc-barrier') ?? 'none';
  return b === 'none' ? [] : [{ op: 'barrier', prim: b as BarrierPrim }];
}

/**
 * for_each_process_thread: one step per task, visiting the task at the walk's list position (see
 * task-list.ts for the order of interchangeable tasks). Under read_lock(&tasklist_lock) nobody can
 * join the list during the walk, so it goes straight to the next listed task; under RCU a child may be
 * attached behind the walker, so every position is a step that looks.
 */
function walkSteps(env: Env, pc: number, op: string, act: (t: TaskFields) => Op[]): void {
  const { adminPc, adminWalk, adminCpu, tasks } = env.fields;
  const skipNoCtx = knob(env, 'walk-skips-no-context') === 'yes';
  const end = [walkUnlock(env), ...finish(env)];
  for (const t of tasks) {
    const eligible = skipNoCtx ? and(READ_ONCE(t.onTasklist.id), READ_ONCE(t.ctx.id)) : READ_ONCE(t.onTasklist.id);
    const label = act(t).find((o) => o.op === 'atomic');
    env.steps.push({
      name: `auditctl: ${op}:${label?.op === 'atomic' ? label.spelling : 'walk'}(${t.label})`,
      func: label?.op === 'atomic' ? label.spelling : op, within: op, file: FILTER, thread: env.adminThread,
      when: and(eq(field(adminPc.id), pc), atCursor(env, t), ne(field(adminCpu.id), 0)),
      body: [...placeOnList(env, t), if_(eligible, act(t)), ...afterVisit(env, end)],
    });
  }
}
