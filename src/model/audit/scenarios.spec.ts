/**
 * Every counterexample of kernel-audit.md §8, written out as the steps of the note's column traces,
 * replays through the model and ends in the violation named; and the checker finds that violation by
 * search (BFS) with a trace no longer than the script. Scripts are written for the explicit scheduler,
 * the default (its `schedule -> X` hand-overs mark where a task blocks); under the implicit one the
 * same script without them must replay too.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/index.js';
import { auditInvariants } from '../../invariants/audit.js';
import { auditModel } from './index.js';
import type { VariantName } from './config.js';
import { finalState, replayNames } from './test-helpers.js';

interface Scenario {
  readonly title: string;
  readonly variant: VariantName;
  readonly knobs?: Record<string, string>;
  readonly invariant: string;
  readonly steps: readonly string[];
}

// Walks under tasklist_lock visit the listed tasks: T0, T1, and the child only once attached.
// Under RCU every slot is visited (a child may be attached behind the walker).
const CLEAR = ['T0', 'T1'].map((t) => `auditctl: audit_del_rule:clear_tsk_thread_flag(${t})`);
const SET = ['T0', 'T1'].map((t) => `auditctl: audit_add_rule:set_tsk_thread_flag(${t})`);
const SET_RCU = ['T0', 'T1', 'T2'].map((t) => `auditctl: audit_add_rule:set_tsk_thread_flag(${t})`);

const SCENARIOS: readonly Scenario[] = [
  {
    title: "Oleg's bug: WALK_CLEAR between entry and exit strands in_syscall, BUG_ON at the next entry",
    variant: 'v2.1', invariant: 'no-entry-bug',
    steps: [
      'T1: system_call', 'T1: __audit_syscall_entry', 'T1: getname',
      'T1: schedule -> auditctl', // blocks in read()
      'auditctl: audit_del_rule', ...CLEAR,
      'T0: schedule -> T1', // wakes
      'T1: sysret_check', // flag 0: no exit hook, in_syscall = 1 and name_count = 1 left behind
      'auditctl: audit_add_rule', ...SET,
      'T1: system_call', 'T1: __audit_syscall_entry', // BUG_ON(in_syscall || name_count)
    ],
  },
  {
    title: 'Oleg, first half: return to user mode with in_syscall still set',
    variant: 'v2.1', invariant: 'exit-pairing',
    steps: [
      'T1: system_call', 'T1: __audit_syscall_entry', 'T1: getname', 'T1: schedule -> auditctl',
      'auditctl: audit_del_rule', ...CLEAR, 'T0: schedule -> T1', 'T1: sysret_check',
    ],
  },
  {
    title: 'the deterministic variant: TIF_SECCOMP runs the entry hook, nothing runs the exit hook',
    variant: 'v2.1', knobs: { 'other-entry-work': 'seccomp' }, invariant: 'no-entry-bug',
    steps: [
      'T1: schedule -> auditctl', 'auditctl: audit_del_rule', ...CLEAR, 'T0: schedule -> T1',
      'T1: system_call', 'T1: __audit_syscall_entry', 'T1: getname', 'T1: sysret_check',
      'T1: system_call', 'T1: __audit_syscall_entry',
    ],
  },
  {
    title: 'stranded pending record: an AVC marks the syscall record due, then WALK_CLEAR drops the flag',
    variant: 'v2.1', invariant: 'pending-implies-flag',
    steps: [
      'T1: system_call', 'T1: __audit_syscall_entry', 'T1: audit_log_start (AVC)', 'T1: schedule -> auditctl',
      'auditctl: audit_del_rule', ...CLEAR, 'T0: schedule -> T1', 'T1: sysret_check',
    ],
  },
  {
    title: 'growing aux list: stale dummy == 0, __audit_log_bprm_fcaps appends, no exit hook frees it',
    variant: 'v2.1', invariant: 'bounded-pending',
    steps: [
      'T1: system_call', 'T1: __audit_syscall_entry', 'T1: getname', 'T1: __audit_syscall_exit',
      'T1: schedule -> auditctl', 'auditctl: audit_del_rule', ...CLEAR, 'auditctl: schedule -> T1',
      'T1: system_call', 'T1: __audit_log_bprm_fcaps', 'T1: sysret_check',
    ],
  },
  {
    title: 'fork race (v2.1): audit_alloc reads n_rules == 0, WALK_SET runs before the child is listed',
    variant: 'v2.1', invariant: 'rule-coverage',
    steps: [
      'T1: schedule -> auditctl', 'auditctl: audit_del_rule', ...CLEAR,
      'T0: system_call', 'T0: copy_process:audit_alloc',
      'auditctl: audit_add_rule', ...SET,
      'T0: copy_process:attach', 'T2: context_switch', 'T2: sysret_check',
    ],
  },
  {
    title: 'fork race (proposed, fork-read early): the same window',
    variant: 'proposed', invariant: 'rule-coverage',
    steps: [
      'T1: schedule -> auditctl', 'auditctl: audit_del_rule',
      'T0: system_call', 'T0: __audit_start_record', 'T0: copy_process:audit_alloc',
      'auditctl: audit_add_rule', ...SET,
      'T0: copy_process:attach', 'T2: context_switch', 'T2: sysret_check',
    ],
  },
  {
    title: 'exit-clear race ("without even needing to worry about races"): X5 reads 0, inc_n_rules sets, X5 clears',
    variant: 'proposed', knobs: { 'fork-read': 'late' }, invariant: 'rule-coverage',
    steps: [
      'T0: schedule -> auditctl', 'auditctl: audit_del_rule',
      'T1: system_call', 'T1: __audit_start_record', 'T1: getname', 'T1: __audit_syscall_exit',
      'T1: __audit_syscall_exit:audit_n_rules',
      'auditctl: audit_add_rule', ...SET,
      'T1: clear_thread_flag',
    ],
  },
  {
    title: "Oleg's point: without __audit_start_record in __audit_log_bprm_fcaps the aux list outlives the syscall",
    variant: 'proposed', knobs: { 'bprm-fcaps-starts-record': 'no' }, invariant: 'bounded-pending',
    steps: [
      'T1: system_call', 'T1: __audit_start_record', 'T1: getname', 'T1: __audit_syscall_exit',
      'T0: schedule -> auditctl', 'auditctl: audit_del_rule',
      'T1: __audit_syscall_exit:audit_n_rules', 'T1: clear_thread_flag', // n_rules == 0: fast path again
      'T1: system_call', 'T1: __audit_log_bprm_fcaps', 'T1: sysret_check', // stale dummy == 0: aux kept
    ],
  },
  {
    title: 'proposed-fixed under RCU walks: the child\'s flag = (n_rules != 0) clears what the walk just set',
    variant: 'proposed-fixed', knobs: { 'walk-lock': 'rcu' }, invariant: 'rule-coverage',
    steps: [
      'T0: system_call', 'T0: __audit_start_record', 'T0: copy_process:audit_alloc', 'T0: copy_process:attach',
      'T1: schedule -> auditctl', 'auditctl: audit_del_rule',
      'T0: copy_process:audit_n_rules', // reads 0
      'auditctl: audit_add_rule', ...SET_RCU, // sees the child on the list and sets its flag
      'T0: copy_process:clear_tsk_thread_flag', // ... which the stale read now clears
      'T2: context_switch', 'T2: sysret_check',
    ],
  },
  {
    title: 'walk-skip: WALK_CLEAR skips a task whose exit hook has its context detached (X1..X4)',
    variant: 'v2.1', knobs: { 'walk-skips-no-context': 'yes' }, invariant: 'fast-path-after-one-exit',
    steps: [
      'T1: system_call', 'T1: __audit_syscall_entry', 'T1: getname', 'T1: __audit_syscall_exit',
      'T1: __audit_syscall_exit:audit_get_context', // tsk->audit_context = NULL
      'T0: schedule -> auditctl', 'auditctl: audit_del_rule', ...CLEAR, // skips T1
      'T1: __audit_syscall_exit:reattach', // back in user mode with the flag still set
      'T1: system_call', 'T1: __audit_syscall_entry', 'T1: getname', 'T1: __audit_syscall_exit',
      'T1: __audit_syscall_exit:audit_get_context', 'T1: __audit_syscall_exit:reattach', // and it stays set
    ],
  },
  {
    title: 'legacy keeps the slow path forever: the exit hook never clears the flag (by design)',
    variant: 'legacy', invariant: 'fast-path-after-one-exit',
    steps: [
      'T0: schedule -> auditctl', 'auditctl: audit_del_rule',
      'T1: system_call', 'T1: __audit_syscall_entry', 'T1: getname', 'T1: __audit_syscall_exit',
    ],
  },
];

/** The script without the explicit scheduler's steps. */
const withoutScheduler = (steps: readonly string[]) => steps.filter((n) => !/: (schedule -> |context_switch$)/.test(n));

describe('kernel-audit.md §8 counterexamples', () => {
  for (const sc of SCENARIOS) for (const scheduler of ['implicit', 'explicit']) {
    it(`${sc.variant} (scheduler=${scheduler}): ${sc.title}`, () => {
      const model = auditModel(sc.variant, {}, { ...sc.knobs, scheduler });
      const inv = auditInvariants(model).find((i) => i.name === sc.invariant)!;
      const steps = scheduler === 'implicit' ? withoutScheduler(sc.steps) : sc.steps;
      if (scheduler === 'implicit') expect(steps.length).toBeLessThan(sc.steps.length);
      const trace = replayNames(model, steps);
      // The invariant holds at start and the script ends in its violation.
      expect(inv.holds(trace.initial)).toBe(true);
      expect(inv.holds(finalState(trace))).toBe(false);
      // Search finds it too, no longer than the script.
      const result = check(model, [inv], { deadlock: false });
      const found = result.properties[0]!;
      expect(found.verdict).toBe('violated');
      expect(found.trace!.steps.length).toBeLessThanOrEqual(steps.length);
      expect(inv.holds(finalState(found.trace!))).toBe(false);
    });
  }

  it('proposed-fixed is the smallest repair: each half alone still loses a rule', () => {
    for (const knobs of [{ 'fork-read': 'late' }, { 'exit-clear': 'recheck' }] as Record<string, string>[]) {
      const model = auditModel('proposed', {}, knobs);
      const inv = auditInvariants(model).find((i) => i.name === 'rule-coverage')!;
      expect(check(model, [inv], { deadlock: false }).properties[0]!.verdict).toBe('violated');
    }
  });
});
