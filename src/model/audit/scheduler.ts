/**
 * CPUs. A task or auditctl executes only while it holds a CPU (`*.cpu` != 0). Modelled only when there
 * are fewer CPUs than actors, in one of two encodings (knob `scheduler`).
 *
 * implicit (default): an actor at a switch point holds no CPU; to leave one (run non-switch-point code)
 * it needs a CPU no one holds, and it gives it back on reaching a switch point. `*.cpu` is 1 while held:
 * which CPU is irrelevant under sequential consistency, so numbering them would only multiply states
 * (traces use one lane per thread instead). The kernel states reachable are those of the explicit
 * encoding (scheduler.spec.ts checks it): what an actor may do depends only on its pc and on whether
 * some CPU can run it, and the explicit encoding can always hand a CPU to an actor at a switch point
 * when one is idle or held by another actor at a switch point.
 *
 * explicit: `*.cpu` = 1 + CPU number, 0 = off CPU. An actor leaves its CPU where the kernel can
 * switch (blocking in a syscall, return to user mode; anywhere but under a spinlock with preempt=full),
 * and schedule() hands the CPU straight to a waiting actor: a CPU idling while someone waits adds no
 * interleaving. An actor waiting when a CPU falls idle takes the lowest-numbered idle CPU (the number
 * gives traces stable lanes). At start the first actors in thread order hold the CPUs.
 */
import type { FieldId, StateVector } from '../layout.js';
import type { Action } from '../model.js';
import { knob, type Env } from './env.js';
import { and, cond, eq, ne, num, oneOf, peek, set, smp_mb, type Expr } from '../kernel/program.js';
import { ADMIN, PC, rd, wr, type F } from './fields.js';

interface Actor {
  readonly label: string;
  readonly thread: number;
  readonly pc: F;
  readonly cpu: F;
  runnable(pc: number): boolean;
  switchPoint(pc: number): boolean;
  /** The same predicates as kernel-code expressions over a program counter. */
  runnableExpr(pc: Expr): Expr;
  switchExpr(pc: Expr): Expr;
}

/** `p` as an expression: true for the program counters (0..15) where `p` holds. */
function pcExpr(p: (pc: number) => boolean, pc: Expr): Expr {
  return oneOf(pc, Array.from({ length: 16 }, (_x, i) => i).filter(p));
}

const TASK_OFF: ReadonlySet<number> = new Set([PC.NONE, PC.EMBRYO, PC.DONE, PC.DEAD]);

export function actors(env: Env): Actor[] {
  const full = knob(env, 'preempt') === 'full';
  const rcuWalk = knob(env, 'walk-lock') === 'rcu';
  const withExprs = (a: Omit<Actor, 'runnableExpr' | 'switchExpr'>): Actor => ({
    ...a,
    runnableExpr: (pc) => pcExpr(a.runnable, pc),
    switchExpr: (pc) => pcExpr(a.switchPoint, pc),
  });
  const out: Actor[] = env.fields.tasks.map((t) => withExprs({
    label: t.label,
    thread: t.index,
    pc: t.pc,
    cpu: t.cpu,
    runnable: (pc) => !TASK_OFF.has(pc),
    // Blocking in the body (before the exit check), in copy_process before attach, returning to user;
    // preempt=full: anywhere except inside write_lock_irq(&tasklist_lock).
    switchPoint: (pc) =>
      pc === PC.USER || pc === PC.SYSRET || pc === PC.FORK_ATTACH ||
      (full && pc !== PC.FORK_LATE && pc !== PC.FORK_LATE_SET && pc !== PC.FORK_LATE_CLEAR),
  }));
  out.push(withExprs({
    label: 'auditctl',
    thread: env.adminThread,
    pc: env.fields.adminPc,
    cpu: env.fields.adminCpu,
    runnable: (pc) => pc !== ADMIN.DONE,
    // Between rule operations; preempt=full also inside an RCU walk (read_lock disables preemption).
    switchPoint: (pc) => pc === ADMIN.IDLE || (full && rcuWalk),
  }));
  return out;
}

/** The lowest free CPU (1-based) in `s`, or 0 if all are busy. */
export function freeCpu(env: Env, s: StateVector): number {
  let used = 0;
  for (const f of env.fields.cpus) used |= 1 << rd(s, f);
  for (let c = 1; c <= env.config.bounds.cpus; c++) if ((used & (1 << c)) === 0) return c;
  return 0;
}

/** True when the scheduler is modelled and in the implicit encoding. */
export function implicitScheduling(env: Env): boolean {
  return env.scheduling && knob(env, 'scheduler') === 'implicit';
}

/**
 * The implicit encoding: wraps each step built as if its actor held a CPU. An actor off CPU (hence at a
 * switch point) may step if fewer than `cpus` actors hold one, and the step sees itself on a CPU.
 * Afterwards the actor holds a CPU exactly when it is runnable and not at a switch point. Footprints
 * grow by every CPU field (the idle test) and the actor's own (taken or given back).
 */
export function implicitCpus(env: Env, steps: readonly Action[]): Action[] {
  const all = actors(env);
  const cpus = env.fields.cpus;
  const ncpu = env.config.bounds.cpus;
  const cpuIds = cpus.map((f) => f.id);
  const scratch = env.fields.layout.zero();
  return steps.map((a): Action => {
    const actor = all.find((x) => x.thread === a.thread)!;
    const own = actor.cpu;
    const others = new Set(cpuIds.filter((id) => id !== own.id));
    const uniq = (ids: readonly FieldId[]) => [...new Set(ids)];
    const guard = uniq([...(a.footprint.guard ?? a.footprint.reads), ...cpuIds]);
    /** `s` as the step sees it: with the CPU it would take, or null if it cannot run. */
    const onCpu = (s: StateVector): StateVector | null => {
      if (rd(s, own) !== 0) return s;
      let held = 0;
      for (const f of cpus) held += rd(s, f) !== 0 ? 1 : 0;
      if (held >= ncpu) return null;
      scratch.set(s);
      wr(scratch, own, 1);
      return scratch;
    };
    return {
      ...a,
      footprint: {
        reads: uniq([...a.footprint.reads, ...cpuIds]),
        writes: uniq([...a.footprint.writes.filter((id) => !others.has(id)), own.id]),
        guard,
      },
      enabled(s) {
        const t = onCpu(s);
        return t !== null && a.enabled(t);
      },
      apply(s, n) {
        a.apply(onCpu(s)!, n);
        const pc = rd(n, actor.pc);
        wr(n, own, actor.runnable(pc) && !actor.switchPoint(pc) ? 1 : 0);
      },
    };
  });
}

/** The explicit encoding's steps: schedule() hand-overs and idle CPUs taken by waiters. */
export function addSchedulerSteps(env: Env): void {
  if (!env.scheduling || implicitScheduling(env)) return;
  const all = actors(env);
  const cpus = env.fields.cpus;
  const ncpu = env.config.bounds.cpus;
  const SCHED = 'kernel/sched/core.c';
  // The lowest idle CPU (1-based), or 0 when every CPU is held: what a waiter takes.
  const idleCpu = (c: number): Expr => (c > ncpu ? num(0) : cond(and(...cpus.map((f) => ne(peek(f.id), c))), c, idleCpu(c + 1)));
  for (const a of all) {
    // A CPU fell idle (its task finished or oopsed) and `a` is waiting: it takes the lowest idle CPU.
    env.steps.push({
      name: `${a.label}: context_switch`, func: 'context_switch', file: SCHED, thread: a.thread,
      when: and(eq(peek(a.cpu.id), 0), a.runnableExpr(peek(a.pc.id)), ne(idleCpu(1), 0)),
      body: [set(a.cpu.id, idleCpu(1))],
    });
  }
  for (const a of all) {
    for (const b of all) {
      if (a === b) continue;
      // `a` blocks or is preempted and schedule() (a full barrier) hands its CPU to the waiting `b`.
      env.steps.push({
        name: `${a.label}: schedule -> ${b.label}`, func: 'schedule', file: SCHED, thread: a.thread,
        when: and(ne(peek(a.cpu.id), 0), eq(peek(b.cpu.id), 0), a.switchExpr(peek(a.pc.id)), b.runnableExpr(peek(b.pc.id))),
        body: [smp_mb('schedule()'), set(b.cpu.id, peek(a.cpu.id)), set(a.cpu.id, 0)],
      });
    }
  }
}
