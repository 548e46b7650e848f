/**
 * Does it matter where inc_n_rules's walk runs relative to audit_filter_mutex? proposed-fixed, but
 * audit_add_rule drops the mutex right after counting the rule and only then walks the tasks:
 *
 *   mutex_lock(&audit_filter_mutex); audit_n_rules++; mutex_unlock(&audit_filter_mutex);
 *   read_lock(&tasklist_lock); for_each_process_thread(...) set_tsk_thread_flag(t, ...); ...
 *
 * The unlock is a release, so the count is visible before the unlock; but a release orders what
 * comes before it, not what comes after, so the walk's sets may still become visible before the
 * count. Under store-reordering the rule is lost exactly as with the walk inside the mutex, and
 * --inc-barrier smp_wmb repairs it exactly as there: the placement does not matter, the barrier does.
 *
 *   npx audit-check check --variant-file examples/walk-after-unlock.ts --memory-model store-reordering
 *
 * It reuses the built-in audit_add_rule and only moves its mutex_unlock. It keeps the knobs that step
 * reads (a variant that replaces a step drops the knobs of that step unless it names them).
 */
import type { VariantDef, VariantKit } from '../src/model/audit/kit.js';
import type { Op } from '../src/model/kernel/program.js';

const isMutexUnlock = (op: Op) => op.op === 'lock' && op.prim === 'mutex_unlock';
const isWalkLock = (op: Op) => op.op === 'lock' && (op.prim === 'read_lock' || op.prim === 'rcu_read_lock');

/** `ops` without any mutex_unlock, also inside if/else. */
function withoutUnlock(ops: readonly Op[]): Op[] {
  return ops.filter((op) => !isMutexUnlock(op)).map((op) => (op.op === 'if' ? { ...op, then: withoutUnlock(op.then), else: withoutUnlock(op.else) } : op));
}

export default (k: VariantKit): VariantDef => ({
  name: 'walk-after-unlock',
  base: 'proposed-fixed',
  summary: 'proposed-fixed with audit_add_rule releasing audit_filter_mutex before its walk',
  knobs: { 'inc-barrier': 'none', 'walk-on-add': 'every-rule' },
  steps: {
    audit_add_rule: (env) => {
      if (k.knob(env, 'walk-on-add') !== 'every-rule') throw new Error('walk-after-unlock models the every-rule walk only');
      const first = env.steps.length;
      k.steps.auditAddRule(true)(env);
      const unlock = k.mutex_unlock(env.fields.filterMutex.id);
      for (const step of env.steps.splice(first)) {
        const body = withoutUnlock(step.body);
        const walk = body.findIndex(isWalkLock);
        // The add step: the unlock goes between the count and the walk's lock; the walk steps: none.
        env.steps.push({ ...step, body: walk < 0 ? body : [...body.slice(0, walk), unlock, ...body.slice(walk)] });
      }
    },
  },
});
