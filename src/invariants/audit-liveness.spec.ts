/**
 * The audit protocol's liveness properties on the real model, with tasks that make syscalls forever
 * (`syscalls: 'unbounded'`), through the library's runCheck. Each lasso is replayed by step name
 * from the model's initial state, every state compared, and re-checked (replayLasso, as
 * `audit-check replay` does); then its cycle is read back in kernel terms from the packed state,
 * independently of how the property states it.
 */
import { describe, expect, it } from 'vitest';
import { runCheck, type PropertyOutcome } from '../index.js';
import type { LivenessProperty } from '../checker/property.js';
import type { Trace } from '../checker/types.js';
import { replayLasso, type SavedStep } from '../cli/replay-run.js';
import type { StateVector } from '../model/layout.js';
import { DEFAULT_BOUNDS, UNBOUNDED, type Bounds } from '../model/audit/config.js';
import type { AuditModel } from '../model/audit/index.js';
import type { MemoryModelName } from '../model/kernel/memory.js';
import { ADMIN, PC, rd, type TaskFields } from '../model/audit/fields.js';

/** The default bounds (2 tasks, 2 CPUs, 1 fork, 2 rule ops, 1 child syscall), tasks looping forever: < 1 s a cell under sc and x86-tso. */
const LOOPING: Bounds = { ...DEFAULT_BOUNDS, syscalls: UNBOUNDED };
/** One task and its child: store-reordering at LOOPING takes 4-8 s a cell here, this about 0.3 s. */
const ONE_TASK: Bounds = { ...LOOPING, tasks: 1 };

interface Live {
  readonly model: AuditModel;
  readonly fast: PropertyOutcome;
  readonly slow: PropertyOutcome;
  readonly complete: boolean;
}

const runs = new Map<string, Promise<Live>>();

/** Both liveness properties of one cell, in one exploration; memoised, so tests share a run. */
function live(variant: string, memoryModel: MemoryModelName = 'sc', bounds: Bounds = LOOPING): Promise<Live> {
  const key = `${variant}/${memoryModel}/${JSON.stringify(bounds)}`;
  let run = runs.get(key);
  if (run === undefined) {
    const config = { variant, bounds, knobs: {}, memoryModel };
    run = runCheck({ protocol: 'audit', config, properties: ['fast-path-restored', 'slow-path-taken'] }).then((out) => {
      const model = out.instance.model;
      if (!('fields' in model)) throw new Error('runCheck did not build the audit model');
      const [fast, slow] = out.properties;
      return { model: model as AuditModel, fast: fast!, slow: slow!, complete: out.liveness?.complete === true };
    });
    runs.set(key, run);
  }
  return run;
}

function liveness(o: PropertyOutcome): LivenessProperty {
  if (o.property.kind !== 'liveness') throw new Error(`${o.property.name} is not a liveness property`);
  return o.property;
}

/** A state as a trace file stores it: every field by name. */
function saved(model: AuditModel, s: StateVector): Record<string, number> {
  return Object.fromEntries(model.layout.fields.map((f) => [f.name, model.layout.get(s, f.id)]));
}

function savedLasso(model: AuditModel, trace: Trace, loopStart = trace.loopStart!) {
  const steps: SavedStep[] = trace.steps.map((st) => ({ action: model.actions[st.action]!.name, state: saved(model, st.state) }));
  return { initial: saved(model, trace.initial), steps, loopStart };
}

/** The violated outcome's lasso, replayed from the initial state and re-checked; its states, and the case's task. */
function replayed(model: AuditModel, o: PropertyOutcome): { trace: Trace; task: TaskFields } {
  expect(o.verdict).toBe('violated');
  const trace = o.trace!;
  // A real cycle, not a stutter: the tasks go on making syscalls.
  expect(trace.loopStart).toBeDefined();
  expect(trace.loopStart!).toBeLessThan(trace.steps.length);
  const again = replayLasso(model, liveness(o), o.case!, savedLasso(model, trace), true);
  expect(again.kind === 'stopped' ? again.reason : 'ran').toBe('ran');
  expect(again.trace.loopStart).toBe(trace.loopStart);
  expect(again.trace.steps.map((s) => s.action)).toEqual(trace.steps.map((s) => s.action));
  const task = model.fields.tasks.find((t) => t.label === o.case)!;
  expect(task).toBeDefined();
  return { trace: again.trace, task };
}

const statesOf = (t: Trace): StateVector[] => [t.initial, ...t.steps.map((s) => s.state)];
const cycleOf = (t: Trace): StateVector[] => statesOf(t).slice(t.loopStart);
/** auditctl is between rule operations (not holding audit_filter_mutex, not walking). */
function quiescent(model: AuditModel, s: StateVector): boolean {
  const pc = rd(s, model.fields.adminPc);
  return pc === ADMIN.IDLE || pc === ADMIN.DONE;
}
/** The states right after each step of the cycle where `task` enters a syscall (its pc leaves user mode). */
function entries(t: Trace, task: TaskFields): StateVector[] {
  const states = statesOf(t);
  const out: StateVector[] = [];
  for (let i = t.loopStart!; i < t.steps.length; i++) {
    if (rd(states[i]!, task.pc) === PC.USER && rd(states[i + 1]!, task.pc) !== PC.USER) out.push(states[i + 1]!);
  }
  return out;
}

/** The state before the last step that takes `task`'s TIF_SYSCALL_AUDIT from 1 to 0, and whose step it is. */
function lastClear(model: AuditModel, t: Trace, task: TaskFields): { before: StateVector; thread: number } | undefined {
  const states = statesOf(t);
  for (let i = t.steps.length - 1; i >= 0; i--) {
    if (rd(states[i]!, task.flag) === 1 && rd(states[i + 1]!, task.flag) === 0) return { before: states[i]!, thread: model.actions[t.steps[i]!.action]!.thread };
  }
  return undefined;
}

/** Every task is weakly fair, auditctl is not; the verdict says so in words. */
function expectTaskFairness(model: AuditModel, o: PropertyOutcome): void {
  const tasks = model.fields.tasks.map((t) => t.displayName);
  expect(o.fairThreads).toEqual(tasks);
  // The children stop after their bounded syscalls: the verdict says it covers only their parents.
  expect(o.assumption).toBe(`weak fairness for ${tasks.join(', ')}`);
  expect(o.caveat).toMatch(/^T\d: it makes 1 syscall \(--child-syscalls unbounded to include it\)$/);
  expect(o.assumption).not.toContain('auditctl');
}

describe('fast-path-restored: once the rules are gone, a task eventually enters on the fast path', () => {
  for (const variant of ['legacy', 'modern']) {
    it(`${variant} violates it: the task keeps TIF_SYSCALL_AUDIT forever with audit_n_rules 0`, async () => {
      const { model, fast } = await live(variant);
      expectTaskFairness(model, fast);
      const { trace, task } = replayed(model, fast);
      // The cycle: no rule, auditctl not inside a rule operation, the flag set throughout.
      for (const s of cycleOf(trace)) {
        expect(rd(s, model.fields.nRules)).toBe(0);
        expect(quiescent(model, s)).toBe(true);
        expect(rd(s, task.flag)).toBe(1);
      }
      // And the task does make syscalls on it, every one on the slow path (the entry hook is next).
      const e = entries(trace, task);
      expect(e.length).toBeGreaterThan(0);
      for (const after of e) expect(rd(after, task.pc)).toBe(PC.ENTRY);
      // Why: nothing in this kernel ever clears TIF_SYSCALL_AUDIT, not even after audit_del_rule.
      for (const t of model.fields.tasks) expect(lastClear(model, trace, t)).toBeUndefined();
      // Fails if the exit learned to clear the flag (the lasso would go) or if the property's
      // antecedent or slow-entry condition were wrong (the cycle would not read as above).
    });
  }

  it('the re-check rejects the legacy lasso as a counterexample to anything else', async () => {
    const { model, fast, slow } = await live('legacy');
    const trace = fast.trace!;
    // slow-path-taken's antecedent is a rule loaded; audit_n_rules is 0 on this cycle.
    const other = replayLasso(model, liveness(slow), fast.case!, savedLasso(model, trace), true);
    expect(other.kind === 'stopped' && other.reason).toMatch(/outside slow-path-taken's antecedent/);
    const shifted = replayLasso(model, liveness(fast), fast.case!, savedLasso(model, trace, trace.loopStart! + 1), true);
    expect(shifted.kind === 'stopped' && shifted.reason).toMatch(/does not close/);
    // Fails if replayLasso accepted a run without re-checking it (replayed() above would prove nothing).
  });

  it('proposed and proposed-fixed hold it under sc: their exit clears the flag once audit_n_rules is 0', async () => {
    for (const variant of ['proposed', 'proposed-fixed']) {
      const { model, fast, complete } = await live(variant);
      expect(fast.verdict).toBe('holds');
      expect(complete).toBe(true);
      expectTaskFairness(model, fast);
    }
    // Fails if their exit stopped clearing the flag when audit_n_rules is 0 (legacy's lasso).
  });
});

describe('children that make syscalls forever (--child-syscalls unbounded)', () => {
  const CHILD_LOOPS: Bounds = { ...ONE_TASK, childSyscalls: UNBOUNDED, ruleOps: UNBOUNDED };

  it('v2.1 violates fast-path-restored through the child: it keeps the flag its stale audit_n_rules read gave it', async () => {
    const { model, fast } = await live('v2.1', 'sc', CHILD_LOOPS);
    const { trace, task } = replayed(model, fast);
    const child = model.fields.tasks[1]!;
    expect(task.label).toBe(child.label);
    // On the cycle no rule exists and the child's flag never clears: the walk that would clear it passed it by.
    for (const st of trace.steps.slice(trace.loopStart)) {
      expect(rd(st.state, model.fields.nRules)).toBe(0);
      expect(rd(st.state, child.flag)).toBe(1);
    }
  });

  it('with children making no syscalls the same cell holds, and the verdict says it says nothing of the child', async () => {
    const { fast } = await live('v2.1', 'sc', { ...CHILD_LOOPS, childSyscalls: 0 });
    expect(fast.verdict).toBe('holds');
    expect(fast.caveat).toBe('T1: it makes 0 syscalls (--child-syscalls unbounded to include it)');
    const looping = await live('v2.1', 'sc', CHILD_LOOPS);
    expect(looping.fast.caveat).toBeUndefined();
  });
});

describe('slow-path-taken: while a rule exists, a task with an audit_context eventually takes the slow path', () => {
  it('proposed violates it: its exit clears TIF_SYSCALL_AUDIT after audit_add_rule set it, and the task stays on the fast path', async () => {
    const { model, slow } = await live('proposed');
    expectTaskFairness(model, slow);
    const { trace, task } = replayed(model, slow);
    for (const s of cycleOf(trace)) {
      expect(rd(s, model.fields.nRules)).toBeGreaterThan(0);
      expect(quiescent(model, s)).toBe(true);
      expect(rd(s, task.ctx)).toBe(1);
      expect(rd(s, task.flag)).toBe(0);
    }
    const e = entries(trace, task);
    expect(e.length).toBeGreaterThan(0);
    for (const after of e) expect(rd(after, task.pc)).not.toBe(PC.ENTRY);
    // The flag was lost to the task's own __audit_syscall_exit, which cleared it with the rule
    // already counted: `if (!audit_n_rules) clear_thread_flag()` acted on a stale read of 0.
    const clear = lastClear(model, trace, task)!;
    expect(clear.thread).toBe(task.index);
    expect(rd(clear.before, model.fields.nRules)).toBeGreaterThan(0);
    // Fails if proposed's exit rechecked audit_n_rules after clearing (proposed-fixed's repair).
  });

  for (const memoryModel of ['sc', 'x86-tso'] as const) {
    it(`proposed-fixed holds it and fast-path-restored under ${memoryModel}`, async () => {
      const { model, fast, slow, complete } = await live('proposed-fixed', memoryModel);
      expect([fast.verdict, slow.verdict]).toEqual(['holds', 'holds']);
      expect(complete).toBe(true);
      expectTaskFairness(model, slow);
      // Fails if __audit_syscall_exit's recheck were undone (with exit-clear=plain, proposed's lasso
      // comes back). On x86 the lock-prefixed clear_bit already orders the recheck: without the
      // smp_mb() it still holds.
    });
  }

  it('under store-reordering proposed-fixed violates it: the walk’s set_tsk_thread_flag is visible before audit_n_rules++', async () => {
    const { model, slow } = await live('proposed-fixed', 'store-reordering', ONE_TASK);
    const { trace, task } = replayed(model, slow);
    for (const s of cycleOf(trace)) {
      expect(rd(s, model.fields.nRules)).toBeGreaterThan(0);
      expect(rd(s, task.flag)).toBe(0);
    }
    // The task's clear lands after the walk's set, while memory still has audit_n_rules == 0 with
    // auditctl already walking: its increment sits in auditctl's store buffer, so the recheck reads
    // 0. Under sc a walk never runs with the count at 0.
    const clear = lastClear(model, trace, task)!;
    expect(clear.thread).toBe(task.index);
    expect(rd(clear.before, model.fields.adminPc)).toBe(ADMIN.WALK_SET);
    expect(rd(clear.before, model.fields.nRules)).toBe(0);
    // Fails if inc_n_rules ordered its count before the walk (proposed-ordered, below).
  });

  it('under store-reordering proposed-ordered holds both: smp_wmb() in inc_n_rules pairs with the exit’s barrier', async () => {
    const { fast, slow, complete } = await live('proposed-ordered', 'store-reordering', ONE_TASK);
    expect([fast.verdict, slow.verdict]).toEqual(['holds', 'holds']);
    expect(complete).toBe(true);
    // Fails if the store-reordering model stopped honouring smp_wmb() (proposed-fixed's lasso
    // above would come back).
  });
});
