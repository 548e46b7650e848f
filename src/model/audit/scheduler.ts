/**
 * CPUs. A task or auditctl executes only while it holds a CPU (`*.cpu` = 1 + CPU number, 0 = off CPU).
 * Modelled only when there are fewer CPUs than actors. An actor leaves its CPU where the kernel can
 * switch (blocking in a syscall, return to user mode; anywhere but under a spinlock with preempt=full),
 * and schedule() hands the CPU straight to a waiting actor: a CPU idling while someone waits adds no
 * interleaving. An actor waiting when a CPU falls idle takes the lowest-numbered idle CPU (which CPU is
 * irrelevant under sequential consistency). At start the first actors in thread order hold the CPUs.
 */
import type { StateVector } from '../layout.js';
import { knob, step, type Env } from './env.js';
import { ADMIN, PC, rd, wr, type F } from './fields.js';

interface Actor {
  readonly label: string;
  readonly thread: number;
  readonly pc: F;
  readonly cpu: F;
  runnable(pc: number): boolean;
  switchPoint(pc: number): boolean;
}

const TASK_OFF: ReadonlySet<number> = new Set([PC.NONE, PC.EMBRYO, PC.DONE, PC.DEAD]);

export function actors(env: Env): Actor[] {
  const full = knob(env, 'preempt') === 'full';
  const rcuWalk = knob(env, 'walk-lock') === 'rcu';
  const out: Actor[] = env.fields.tasks.map((t) => ({
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
  out.push({
    label: 'auditctl',
    thread: env.adminThread,
    pc: env.fields.adminPc,
    cpu: env.fields.adminCpu,
    runnable: (pc) => pc !== ADMIN.DONE,
    // Between rule operations; preempt=full also inside an RCU walk (read_lock disables preemption).
    switchPoint: (pc) => pc === ADMIN.IDLE || (full && rcuWalk),
  });
  return out;
}

/** The lowest free CPU (1-based) in `s`, or 0 if all are busy. */
export function freeCpu(env: Env, s: StateVector): number {
  let used = 0;
  for (const f of env.fields.cpus) used |= 1 << rd(s, f);
  for (let c = 1; c <= env.config.bounds.cpus; c++) if ((used & (1 << c)) === 0) return c;
  return 0;
}

export function addSchedulerSteps(env: Env): void {
  if (!env.scheduling) return;
  const all = actors(env);
  const cpus = env.fields.cpus;
  for (const a of all) {
    // A CPU fell idle (its task finished or oopsed) and `a` is waiting: it takes the lowest idle CPU.
    step(env, {
      name: `${a.label}: context_switch`, label: 'context_switch', source: 'kernel/sched/core.c', thread: a.thread,
      guard: [a.pc, ...cpus], reads: [], writes: [a.cpu],
      enabled: (s) => rd(s, a.cpu) === 0 && a.runnable(rd(s, a.pc)) && freeCpu(env, s) !== 0,
      apply: (s, n) => wr(n, a.cpu, freeCpu(env, s)),
    });
  }
  for (const a of all) {
    for (const b of all) {
      if (a === b) continue;
      // `a` blocks or is preempted and schedule() hands its CPU to the waiting `b`.
      step(env, {
        name: `${a.label}: schedule -> ${b.label}`, label: 'schedule', source: 'kernel/sched/core.c',
        thread: a.thread,
        guard: [a.pc, a.cpu, b.pc, b.cpu], reads: [], writes: [a.cpu, b.cpu],
        enabled: (s) =>
          rd(s, a.cpu) !== 0 && rd(s, b.cpu) === 0 && a.switchPoint(rd(s, a.pc)) && b.runnable(rd(s, b.pc)),
        apply(s, n) {
          wr(n, b.cpu, rd(s, a.cpu));
          wr(n, a.cpu, 0);
        },
      });
    }
  }
}
