/**
 * A wrong fix, kept as an example of what the checker refutes: the proposal's exit with a barrier
 * after the clear but no recheck. `if (!audit_n_rules) { clear_thread_flag(TIF_SYSCALL_AUDIT);
 * smp_mb(); }` orders nothing that matters: the read of audit_n_rules comes before the clear, so an
 * inc_n_rules walk can set the flag between them and the clear undoes it. Loses a rule under every
 * memory model.
 *
 *   npx audit-check check --variant-file examples/exit-mb-no-recheck.ts --invariant rule-coverage
 */
import type { VariantDef, VariantKit } from '../src/model/audit/kit.js';

export default (k: VariantKit): VariantDef => ({
  name: 'exit-mb-no-recheck',
  base: 'proposed',
  summary: 'the proposal with smp_mb() after the exit clear and no recheck (wrong: still loses a rule)',
  steps: {
    exit_tail: (env, t) => {
      k.taskStep(env, t, {
        name: '__audit_syscall_exit:audit_n_rules', func: '__audit_syscall_exit', file: 'kernel/auditsc.c', when: k.at(t, k.PC.X5_A),
        body: [k.if_(k.eq(k.READ_ONCE(env.fields.nRules.id), 0), [k.set(t.pc.id, k.PC.X5_B)], k.steps.returnToUser(env, t))],
      });
      k.taskStep(env, t, {
        func: 'clear_thread_flag', file: 'kernel/auditsc.c', when: k.at(t, k.PC.X5_B),
        body: [k.clear_thread_flag(t.flag.id), k.smp_mb(), ...k.steps.returnToUser(env, t)],
      });
    },
  },
});
