/**
 * The racing patterns a variant's barriers (or locks) protect, named for `audit-check litmus
 * --variant V --pattern NAME`: which steps of which threads, over which locations, with which bad
 * outcome. The code itself comes from the variant's step definitions (pattern.ts).
 */
import { buildAuditModel, type AuditConfig, type AuditModel } from '../../model/audit/index.js';
import type { StepDef } from '../../model/kernel/program.js';
import type { LitmusTest } from '../ast.js';
import { checkLitmus } from '../check.js';
import { ExportError } from './emit.js';
import { exportPattern, type PatternSpec } from './pattern.js';

export const PATTERN_NAMES = ['exit-recheck', 'fork-late-read'] as const;
export type PatternName = (typeof PATTERN_NAMES)[number];

/** The spec of `name` for `model`, or why the variant has no such pattern. */
function spec(model: AuditModel, name: PatternName): PatternSpec {
  const { knobs } = model.config;
  const { nRules, tasks } = model.fields;
  const t0 = tasks[0]!;
  const knob = (k: string) => (knobs[k] === undefined ? `it has no ${k} knob` : `${k} is ${knobs[k]}`);
  if (name === 'exit-recheck') {
    if (knobs['exit-clear'] !== 'recheck') throw new ExportError(`${model.config.variant} has no exit-recheck pattern (${knob('exit-clear')}, not recheck)`);
    return {
      name,
      about: [
        `P0 is audit_add_rule then its walk reaching ${t0.label} (audit_n_rules++, the inc-barrier, set_tsk_thread_flag); ` +
          `P1 is ${t0.label}'s exit tail (clear_thread_flag, the exit-barrier, the recheck of audit_n_rules, set_thread_flag if non-zero).`,
        `The first rule is being added (audit_n_rules starts at 0) while ${t0.label}, whose flag is set, leaves a syscall. ` +
          `The bad outcome: the rule is in and ${t0.label} goes back to user mode with TIF_SYSCALL_AUDIT clear (rule-coverage).`,
      ],
      threads: [
        { thread: 'auditctl', steps: ['auditctl: audit_add_rule', `auditctl: audit_add_rule:set_tsk_thread_flag(${t0.label})`] },
        { thread: t0.label, steps: [`${t0.label}: clear_thread_flag`, `${t0.label}: __audit_syscall_exit:recheck`] },
      ],
      locations: [[nRules.id, 0], [t0.flag.id, 1]],
      bad: [[nRules.id, 1], [t0.flag.id, 0]],
    };
  }
  if (knobs['fork-read'] !== 'late') throw new ExportError(`${model.config.variant} has no fork-late-read pattern (${knob('fork-read')}, not late)`);
  if (knobs['walk-lock'] === 'rcu') throw new ExportError('fork-late-read is exported for walk-lock=tasklist only (under RCU the read and the write are separate steps)');
  const child = tasks[t0.child];
  if (child === undefined) throw new ExportError('fork-late-read needs a fork: --forks 1 or more');
  return {
    name,
    about: [
      `P0 is copy_process in ${t0.label} forking ${child.label} (audit_alloc, the attach to the task list, then the late read ` +
        `of audit_n_rules setting or clearing the child's flag); P1 is audit_add_rule then its walk reaching ${child.label} ` +
        '(audit_n_rules++, the inc-barrier, the list check, set_tsk_thread_flag).',
      'The first rule is being added (audit_n_rules starts at 0). The bad outcome: the rule is in, the child is listed and ' +
        'its TIF_SYSCALL_AUDIT is clear (rule-coverage).',
      "In the kernel the walk's read_lock(&tasklist_lock) and the attach's write_lock_irq exclude each other; LKMM does not " +
        'model rwlocks, so this test shows what the barriers alone do.',
    ],
    threads: [
      { thread: t0.label, steps: [`${t0.label}: copy_process:audit_alloc`, `${t0.label}: copy_process:attach`] },
      { thread: 'auditctl', steps: ['auditctl: audit_add_rule', `auditctl: audit_add_rule:set_tsk_thread_flag(${child.label})`] },
    ],
    locations: [[nRules.id, 0], [child.onTasklist.id, 0], [child.flag.id, 0]],
    bad: [[nRules.id, 1], [child.onTasklist.id, 1], [child.flag.id, 0]],
  };
}

/** The litmus test of pattern `name` for the variant of `config`. Throws ExportError (one line) when it has none. */
export function variantPattern(config: AuditConfig, name: PatternName): LitmusTest {
  let steps: readonly StepDef[] = [];
  const model = buildAuditModel(config, (s) => { steps = s; });
  const { knobs, variant, memoryModel } = model.config;
  const header = [
    `Exported by audit-check: the ${name} pattern of variant ${variant}, translated from its step definitions ` +
      `(memory model ${memoryModel} recorded; the test does not depend on it).`,
    `Knobs: exit-barrier=${knobs['exit-barrier'] ?? '-'}, inc-barrier=${knobs['inc-barrier'] ?? '-'}, walk-lock=${knobs['walk-lock'] ?? '-'}.`,
    'Plain kernel accesses are written READ_ONCE/WRITE_ONCE; set_bit/clear_bit on a one-bit flag word are atomic_or/atomic_andnot on an atomic_t.',
  ];
  return withResult(exportPattern(model, steps, spec(model, name), header));
}

/**
 * The kernel's litmus tests open with `Result: Never|Sometimes|Always`; a pattern is small (tens of
 * candidate executions), so the built-in checker decides it here and the header says so.
 */
function withResult(test: LitmusTest): LitmusTest {
  const r = checkLitmus(test);
  return { ...test, doc: `\n * Result: ${r.result} (LKMM, as decided by audit-check litmus check: ${r.verdict})\n *${test.doc ?? '\n'}` };
}
