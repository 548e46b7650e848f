/**
 * The administrator (auditctl) changing rules: audit_add_rule / audit_del_rule under audit_filter_mutex
 * (only auditctl takes it, so it is implicit), and in the walking variants one step per task slot, in
 * task-list order, setting or clearing TIF_SYSCALL_AUDIT. Children are at the tail of the list.
 */
import type { StateVector } from '../layout.js';
import { knob, step, type Env } from './env.js';
import { ADMIN, rd, wr, type F } from './fields.js';

const FILTER = 'kernel/auditfilter.c';

export function addAdminSteps(env: Env): void {
  const v = env.variant;
  const { nRules, adminPc, adminOps, adminWalk, adminCpu, tasks } = env.fields;
  const th = env.adminThread;
  const max = env.config.bounds.ruleOps;
  const ghosts = tasks.map((t) => t.ghostExit);
  const everyAdd = knob(env, 'walk-on-add') === 'every-rule';
  const skipNoCtx = knob(env, 'walk-skips-no-context') === 'yes';
  const idle = (s: StateVector) => rd(s, adminPc) === ADMIN.IDLE && rd(s, adminCpu) !== 0 && rd(s, adminOps) < max;

  /** mutex_unlock and return: idle for the next rule op, or done (CPU freed). */
  const finish = (s: StateVector, n: Uint32Array, opsAfter: number) => {
    const done = opsAfter === max;
    wr(n, adminPc, done ? ADMIN.DONE : ADMIN.IDLE);
    wr(n, adminWalk, 0); // dead until the next walk: canonical
    if (done && env.scheduling) wr(n, adminCpu, 0);
    void s;
  };
  const countChange = (s: StateVector, n: Uint32Array, delta: number): number => {
    wr(n, nRules, rd(s, nRules) + delta);
    const ops = rd(s, adminOps) + 1;
    wr(n, adminOps, ops);
    for (const g of ghosts) wr(n, g, 0); // ghost: n_rules changed, every task's exit-hook witness resets
    return ops;
  };
  const opWrites: F[] = [nRules, adminOps, adminPc, adminWalk, adminCpu, ...ghosts];

  step(env, {
    name: 'auditctl: audit_add_rule', label: 'audit_add_rule', source: FILTER, thread: th,
    guard: [adminPc, adminCpu, adminOps], reads: [nRules], writes: opWrites,
    enabled: idle,
    apply(s, n) {
      const ops = countChange(s, n, +1); // list_add_rcu; audit_n_rules++
      if (v.addRuleWalks && (everyAdd || rd(s, nRules) === 0)) {
        wr(n, adminPc, ADMIN.WALK_SET);
        wr(n, adminWalk, 0);
      } else finish(s, n, ops);
    },
  });

  step(env, {
    name: 'auditctl: audit_del_rule', label: 'audit_del_rule', source: FILTER, thread: th,
    guard: [adminPc, adminCpu, adminOps, nRules], reads: [], writes: opWrites,
    enabled: (s) => idle(s) && rd(s, nRules) > 0,
    apply(s, n) {
      const ops = countChange(s, n, -1); // list_del_rcu; audit_n_rules--
      if (v.delRuleWalks && rd(s, nRules) === 1) {
        wr(n, adminPc, ADMIN.WALK_CLEAR);
        wr(n, adminWalk, 0);
      } else finish(s, n, ops);
    },
  });

  const kinds: [number, string, string, number][] = [];
  if (v.addRuleWalks) kinds.push([ADMIN.WALK_SET, 'audit_add_rule', 'set_tsk_thread_flag', 1]);
  if (v.delRuleWalks) kinds.push([ADMIN.WALK_CLEAR, 'audit_del_rule', 'clear_tsk_thread_flag', 0]);
  // Under read_lock(&tasklist_lock) nobody can join the list during the walk, so the walk goes straight
  // to the next listed task (children not yet attached are not on the list at all). Under RCU a child
  // may be attached behind the walker, so every slot is a step that looks.
  const locked = knob(env, 'walk-lock') === 'tasklist';
  for (const [pc, op, label, value] of kinds) {
    for (const t of tasks) {
      const later = tasks.slice(t.index + 1);
      const mayEnd = locked || later.length === 0;
      step(env, {
        name: `auditctl: ${op}:${label}(${t.label})`, label, source: FILTER, thread: th,
        guard: [adminPc, adminWalk, adminCpu],
        reads: [t.onTasklist, ...(skipNoCtx ? [t.ctx] : []), ...(mayEnd ? [adminOps] : []),
          ...(locked ? later.map((u) => u.onTasklist) : [])],
        writes: [t.flag, adminWalk, ...(mayEnd ? [adminPc, adminCpu] : [])],
        enabled: (s) => rd(s, adminPc) === pc && rd(s, adminWalk) === t.index && rd(s, adminCpu) !== 0,
        apply(s, n) {
          // for_each_process_thread: only tasks already on the list; optionally only eligible ones.
          if (rd(s, t.onTasklist) === 1 && (!skipNoCtx || rd(s, t.ctx) === 1)) wr(n, t.flag, value);
          const next = locked ? later.find((u) => rd(s, u.onTasklist) === 1) : later[0];
          if (next === undefined) finish(s, n, rd(s, adminOps));
          else wr(n, adminWalk, next.index);
        },
      });
    }
  }
}
