/**
 * A clarity-first reference of the audit model (src/model/audit): the same steps and invariants written
 * over plain objects, with no packing, no footprints and no precomputation. It exists to be compared
 * with the packed model step by step (properties/reference-model.spec.ts). Read it as the spec.
 */
import type { AuditConfig } from '../../src/model/audit/config.js';

type TaskPc = 'none' | 'embryo' | 'user' | 'entry' | 'body' | 'fork-attach' | 'fork-late' | 'fork-late-set' | 'fork-late-clear' | 'sysret' | 'exit-hook'
  | 'exit-reattach' | 'x5a' | 'x5b' | 'done' | 'dead';
type AdminPc = 'idle' | 'walk-set' | 'walk-clear' | 'done';

interface Ctx { inSyscall: boolean; dummy: boolean; names: number; aux: number; record: boolean }
interface Task {
  pc: TaskPc; syscalls: number; flag: boolean; userMode: boolean; listed: boolean;
  /** tsk->audit_context */
  context: Ctx | null;
  /** __audit_syscall_exit's local `context` while tsk->audit_context is NULL (X1..X4). */
  detached: Ctx | null;
  cpu: number; bug: boolean; ghost: boolean;
}
export interface RefState { nRules: number; admin: { pc: AdminPc; ops: number; walk: number; cpu: number }; tasks: Task[] }

const zeroCtx = (): Ctx => ({ inSyscall: false, dummy: false, names: 0, aux: 0, record: false });
const clone = (s: RefState): RefState => structuredClone(s);

/**
 * Knob defaults per variant, written down here from the variants' documentation rather than taken
 * from the packed model, so a changed default there shows up as a disagreement.
 */
const MAINLINE = { 'other-entry-work': 'none', preempt: 'none', scheduler: 'explicit', 'fork-in': 'first-syscall' };
const V21 = { ...MAINLINE, 'walk-lock': 'tasklist', 'walk-skips-no-context': 'no', 'walk-on-add': 'first-rule', 'fork-read': 'early' };
const PROPOSED = { ...V21, 'walk-on-add': 'every-rule', 'exit-clear': 'plain', 'bprm-fcaps-starts-record': 'yes' };
const REF_DEFAULTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  legacy: MAINLINE, modern: MAINLINE, 'v2.1': V21, proposed: PROPOSED,
  'proposed-fixed': { ...PROPOSED, 'fork-read': 'late', 'exit-clear': 'recheck' },
  'proposed-ordered': { ...PROPOSED, 'fork-read': 'late', 'exit-clear': 'recheck' },
};

/** The reference model of one configuration: the variant, the bounds, and only the knobs given. */
export class ReferenceAudit {
  readonly n: number;
  readonly scheduling: boolean;
  /** Scheduling with scheduler=implicit: an actor holds a CPU only between switch points. */
  readonly implicit: boolean;
  readonly v: { startRecord: boolean; allocSets: boolean; addWalks: boolean; delWalks: boolean; exitClears: boolean; entry: string; exit: string };

  readonly config: AuditConfig;

  constructor(given: AuditConfig) {
    const defaults = REF_DEFAULTS[given.variant];
    if (defaults === undefined) throw new Error(`reference: no variant ${given.variant}`);
    const config = { ...given, knobs: { ...defaults, ...given.knobs } };
    this.config = config;
    const b = config.bounds;
    this.n = b.tasks + b.forks;
    this.scheduling = b.cpus < this.n + 1;
    this.implicit = this.scheduling && config.knobs['scheduler'] === 'implicit';
    const name = config.variant;
    const proposedLike = name === 'proposed' || name === 'proposed-fixed' || name === 'proposed-ordered';
    this.v = {
      startRecord: proposedLike,
      allocSets: name === 'legacy' || name === 'modern',
      addWalks: name === 'v2.1' || proposedLike,
      delWalks: name === 'v2.1',
      exitClears: proposedLike,
      entry: name === 'modern' ? 'syscall_trace_enter' : 'system_call',
      exit: name === 'modern' ? 'syscall_exit_work' : 'sysret_check',
    };
  }

  knob(k: string): string | undefined { return this.config.knobs[k]; }
  label(i: number): string { return i === this.n ? 'auditctl' : `T${i}`; }
  /** Syscalls task `i` makes; Infinity when unbounded (it never finishes). */
  maxSyscalls(i: number): number {
    const b = i >= this.config.bounds.tasks ? this.config.bounds.childSyscalls : this.config.bounds.syscalls;
    return b === 'unbounded' ? Infinity : b;
  }
  /** Unbounded tasks keep only what a step reads of their counts: names and aux zero or not. */
  private countUp(i: number, x: number): number { return this.maxSyscalls(i) === Infinity ? 1 : x + 1; }
  /** Most rules loaded at once: --max-rules, else 2 when auditctl never stops, else no limit. */
  private maxRules(): number {
    const b = this.config.bounds;
    return b.maxRules ?? (b.ruleOps === 'unbounded' ? 2 : Infinity);
  }

  initial(): RefState {
    const b = this.config.bounds;
    const tasks: Task[] = [];
    for (let i = 0; i < this.n; i++) {
      const alive = i < b.tasks;
      tasks.push({
        pc: alive ? 'user' : 'none', syscalls: 0, flag: alive, userMode: alive, listed: alive,
        context: alive ? zeroCtx() : null, detached: null,
        cpu: !this.scheduling ? i + 1 : !this.implicit && alive && i < b.cpus ? i + 1 : 0, bug: false, ghost: false,
      });
    }
    const adminCpu = b.ruleOps === 0 ? 0 : !this.scheduling ? this.n + 1 : !this.implicit && b.tasks < b.cpus ? b.tasks + 1 : 0;
    return { nRules: 1, admin: { pc: b.ruleOps === 0 ? 'done' : 'idle', ops: 0, walk: 0, cpu: adminCpu }, tasks };
  }

  /** Every enabled step from `s`, by name, with its successor. */
  steps(s: RefState): Map<string, RefState> {
    const out = new Map<string, RefState>();
    const add = (name: string, f: (n: RefState) => void) => { const n = clone(s); f(n); out.set(name, n); };
    if (this.implicit) {
      for (let i = 0; i <= this.n; i++) this.implicitSteps(s, i, out);
      return out;
    }
    s.tasks.forEach((t, i) => { if (t.cpu !== 0) this.taskSteps(s, i, add); });
    if (s.admin.cpu !== 0) this.adminSteps(s, add);
    if (this.scheduling) this.schedulerSteps(s, add);
    return out;
  }

  /**
   * scheduler=implicit: actor `i` off CPU (at a switch point) runs if fewer than `cpus` actors hold one;
   * after its step it holds one (cpu = 1, which one does not matter) only if it is runnable and not at a
   * switch point.
   */
  private implicitSteps(s: RefState, i: number, out: Map<string, RefState>): void {
    const held = [...s.tasks.map((t) => t.cpu), s.admin.cpu].filter((c) => c !== 0).length;
    if (this.cpuOf(s, i) === 0 && held >= this.config.bounds.cpus) return;
    const on = clone(s);
    this.setCpu(on, i, 1);
    const add = (name: string, f: (n: RefState) => void) => {
      const n = clone(on);
      f(n);
      this.setCpu(n, i, this.runnable(n, i) && !this.switchPoint(n, i) ? 1 : 0);
      out.set(name, n);
    };
    if (i === this.n) this.adminSteps(on, add); else this.taskSteps(on, i, add);
  }

  private pcOf(s: RefState, i: number): string { return i === this.n ? s.admin.pc : s.tasks[i]!.pc; }
  private cpuOf(s: RefState, i: number): number { return i === this.n ? s.admin.cpu : s.tasks[i]!.cpu; }
  private setCpu(n: RefState, i: number, c: number): void { if (i === this.n) n.admin.cpu = c; else n.tasks[i]!.cpu = c; }
  private runnable(s: RefState, i: number): boolean {
    const pc = this.pcOf(s, i);
    return i === this.n ? pc !== 'done' : !['none', 'embryo', 'done', 'dead'].includes(pc);
  }
  /** Where the kernel may switch this actor out (see src/model/audit/scheduler.ts). */
  private switchPoint(s: RefState, i: number): boolean {
    const full = this.knob('preempt') === 'full';
    const pc = this.pcOf(s, i);
    return i === this.n
      ? pc === 'idle' || (full && this.knob('walk-lock') === 'rcu')
      : ['user', 'sysret', 'fork-attach'].includes(pc) || (full && !pc.startsWith('fork-late'));
  }
  private lowestIdleCpu(s: RefState): number {
    const used = new Set([...s.tasks.map((t) => t.cpu), s.admin.cpu]);
    for (let c = 1; c <= this.config.bounds.cpus; c++) if (!used.has(c)) return c;
    return 0;
  }

  private startRecord(t: Task, nRules: number): void {
    if (t.context === null) return;
    if (!t.context.inSyscall) Object.assign(t.context, { dummy: nRules === 0, inSyscall: true, record: false });
    t.flag = true;
  }

  private returnToUser(t: Task, i: number): void {
    const done = t.syscalls === this.maxSyscalls(i);
    t.pc = done ? 'done' : 'user';
    t.userMode = true;
    if (done) {
      if (this.scheduling) t.cpu = 0;
      if (t.context) t.context.dummy = false;
    }
  }

  private taskSteps(s: RefState, i: number, add: (name: string, f: (n: RefState) => void) => void): void {
    const t = s.tasks[i]!;
    const T = (n: RefState) => n.tasks[i]!;
    const name = (x: string) => `${this.label(i)}: ${x}`;
    const forker = i < this.config.bounds.forks;
    const child = this.config.bounds.tasks + i;
    const late = this.knob('fork-read') === 'late';
    const walkExcludes = (this.v.addWalks || this.v.delWalks) && this.knob('walk-lock') === 'tasklist';
    const split = this.knob('walk-skips-no-context') === 'yes';
    const tail = (n: RefState) => { if (this.v.exitClears) T(n).pc = 'x5a'; else this.returnToUser(T(n), i); };
    const wake = (n: RefState) => { n.tasks[child]!.pc = 'sysret'; T(n).pc = 'sysret'; };
    switch (t.pc) {
      case 'user':
        return add(name(this.v.entry), (n) => {
          // Unbounded, only a forker whose clone() is its first syscall tells first (1) from later (2).
          const counts = this.maxSyscalls(i) !== Infinity || (forker && this.knob('fork-in') === 'first-syscall');
          if (counts) T(n).syscalls = this.maxSyscalls(i) === Infinity ? Math.min(t.syscalls + 1, 2) : t.syscalls + 1;
          T(n).userMode = false;
          T(n).pc = this.knob('other-entry-work') === 'seccomp' || t.flag ? 'entry' : 'body';
        });
      case 'entry':
        if (this.v.startRecord) return add(name('__audit_start_record'), (n) => { this.startRecord(T(n), s.nRules); T(n).pc = 'body'; });
        return add(name('__audit_syscall_entry'), (n) => {
          const c = T(n).context;
          if (c && (c.inSyscall || c.names !== 0)) {
            Object.assign(T(n), { bug: true, pc: 'dead', context: null, cpu: this.scheduling ? 0 : t.cpu });
            return;
          }
          if (c) Object.assign(c, { dummy: s.nRules === 0, inSyscall: true, record: false });
          T(n).pc = 'body';
        });
      case 'body': {
        // fork-in: clone() is only the forker's first syscall, or any syscall while the child is unborn.
        const anySyscall = this.knob('fork-in') === 'any-syscall';
        if (forker && (anySyscall ? s.tasks[child]!.pc === 'none' : t.syscalls === 1)) {
          add(name('copy_process:audit_alloc'), (n) => {
            const flag = this.v.allocSets ? true : late ? t.flag : s.nRules !== 0;
            Object.assign(n.tasks[child]!, { pc: 'embryo', context: zeroCtx(), flag, userMode: false, syscalls: 0, listed: false });
            T(n).pc = 'fork-attach';
          });
          if (!anySyscall) return;
        }
        add(name('getname'), (n) => {
          const c = T(n).context;
          if (c && !c.dummy && c.inSyscall) c.names = this.countUp(i, c.names);
          T(n).pc = 'sysret';
        });
        add(name('audit_log_start (AVC)'), (n) => {
          if (this.v.startRecord) this.startRecord(T(n), s.nRules);
          const c = T(n).context;
          if (c && c.inSyscall) c.record = true;
          T(n).pc = 'sysret';
        });
        return add(name('__audit_log_bprm_fcaps'), (n) => {
          if (this.knob('bprm-fcaps-starts-record') === 'yes') this.startRecord(T(n), s.nRules);
          const c = T(n).context;
          if (c && !c.dummy) c.aux = this.countUp(i, c.aux);
          T(n).pc = 'sysret';
        });
      }
      case 'fork-attach':
        if (walkExcludes && (s.admin.pc === 'walk-set' || s.admin.pc === 'walk-clear')) return;
        // write_lock_irq(&tasklist_lock): another fork's late section still holds it.
        if (s.tasks.some((u) => u.pc.startsWith('fork-late'))) return;
        return add(name('copy_process:attach'), (n) => {
          n.tasks[child]!.listed = true;
          if (!late) return wake(n);
          if (walkExcludes) { n.tasks[child]!.flag = s.nRules !== 0; return wake(n); }
          T(n).pc = 'fork-late';
        });
      case 'fork-late':
        return add(name('copy_process:audit_n_rules'), (n) => { T(n).pc = s.nRules !== 0 ? 'fork-late-set' : 'fork-late-clear'; });
      case 'fork-late-set':
        return add(name('copy_process:set_tsk_thread_flag'), (n) => { n.tasks[child]!.flag = true; wake(n); });
      case 'fork-late-clear':
        return add(name('copy_process:clear_tsk_thread_flag'), (n) => { n.tasks[child]!.flag = false; wake(n); });
      case 'sysret':
        if (!t.flag) return add(name(this.v.exit), (n) => this.returnToUser(T(n), i));
        return add(name('__audit_syscall_exit'), (n) => {
          if (s.nRules === 0) T(n).ghost = true;
          if (split) { T(n).pc = 'exit-hook'; return; }
          const c = T(n).context;
          if (c) Object.assign(c, { inSyscall: false, names: 0, aux: 0, record: false });
          tail(n);
        });
      case 'exit-hook':
        return add(name('__audit_syscall_exit:audit_get_context'), (n) => {
          const c = T(n).context;
          if (c) Object.assign(c, { inSyscall: false, names: 0, aux: 0, record: false });
          T(n).detached = c;
          T(n).context = null;
          T(n).pc = 'exit-reattach';
        });
      case 'exit-reattach':
        return add(name('__audit_syscall_exit:reattach'), (n) => {
          T(n).context = T(n).detached ?? zeroCtx();
          T(n).detached = null;
          tail(n);
        });
      case 'x5a':
        if (this.knob('exit-clear') === 'recheck') return add(name('clear_thread_flag'), (n) => { T(n).flag = false; T(n).pc = 'x5b'; });
        return add(name('__audit_syscall_exit:audit_n_rules'), (n) => { if (s.nRules === 0) T(n).pc = 'x5b'; else this.returnToUser(T(n), i); });
      case 'x5b':
        if (this.knob('exit-clear') === 'recheck') {
          return add(name('__audit_syscall_exit:recheck'), (n) => { if (s.nRules !== 0) T(n).flag = true; this.returnToUser(T(n), i); });
        }
        return add(name('clear_thread_flag'), (n) => { T(n).flag = false; this.returnToUser(T(n), i); });
      default:
        return;
    }
  }

  private adminSteps(s: RefState, add: (name: string, f: (n: RefState) => void) => void): void {
    const ops = this.config.bounds.ruleOps;
    const max = ops === 'unbounded' ? Infinity : ops;
    const finish = (n: RefState) => {
      n.admin.pc = n.admin.ops === max ? 'done' : 'idle';
      n.admin.walk = 0;
      if (n.admin.pc === 'done' && this.scheduling) n.admin.cpu = 0;
    };
    // Unbounded, auditctl counts nothing (ops stays 0).
    const change = (n: RefState, d: number) => { n.nRules += d; if (max !== Infinity) n.admin.ops++; for (const t of n.tasks) t.ghost = false; };
    if (s.admin.pc === 'idle' && s.admin.ops < max) {
      if (s.nRules < this.maxRules()) add('auditctl: audit_add_rule', (n) => {
        change(n, +1);
        if (this.v.addWalks && (this.knob('walk-on-add') === 'every-rule' || s.nRules === 0)) Object.assign(n.admin, { pc: 'walk-set', walk: 0 });
        else finish(n);
      });
      if (s.nRules > 0) {
        add('auditctl: audit_del_rule', (n) => {
          change(n, -1);
          if (this.v.delWalks && s.nRules === 1) Object.assign(n.admin, { pc: 'walk-clear', walk: 0 });
          else finish(n);
        });
      }
    }
    if (s.admin.pc === 'walk-set' || s.admin.pc === 'walk-clear') {
      const i = s.admin.walk;
      const [op, fn, value] = s.admin.pc === 'walk-set'
        ? ['audit_add_rule', 'set_tsk_thread_flag', true] : ['audit_del_rule', 'clear_tsk_thread_flag', false];
      add(`auditctl: ${op}:${fn}(T${i})`, (n) => {
        const t = n.tasks[i]!;
        if (t.listed && (this.knob('walk-skips-no-context') !== 'yes' || t.context !== null)) t.flag = value;
        // Under tasklist_lock the list cannot grow during the walk: go to the next listed task.
        let next = i + 1;
        if (this.knob('walk-lock') === 'tasklist') while (next < this.n && !s.tasks[next]!.listed) next++;
        if (next >= this.n) finish(n); else n.admin.walk = next;
      });
    }
  }

  private schedulerSteps(s: RefState, add: (name: string, f: (n: RefState) => void) => void): void {
    const actors = [...s.tasks.keys(), this.n];
    const free = this.lowestIdleCpu(s);
    for (const a of actors) {
      if (this.cpuOf(s, a) === 0 && this.runnable(s, a) && free !== 0) {
        add(`${this.label(a)}: context_switch`, (n) => this.setCpu(n, a, free));
      }
    }
    for (const a of actors) {
      for (const b of actors) {
        if (a !== b && this.cpuOf(s, a) !== 0 && this.cpuOf(s, b) === 0 && this.switchPoint(s, a) && this.runnable(s, b)) {
          add(`${this.label(a)}: schedule -> ${this.label(b)}`, (n) => { this.setCpu(n, b, this.cpuOf(s, a)); this.setCpu(n, a, 0); });
        }
      }
    }
  }


  /** The invariants by name, stated over the plain state. */
  invariants(): Record<string, (s: RefState) => boolean> {
    const quiet = (s: RefState) => s.admin.pc === 'idle' || s.admin.pc === 'done';
    return {
      'no-entry-bug': (s) => s.tasks.every((t) => !t.bug),
      'exit-pairing': (s) => s.tasks.every((t) => !(t.userMode && t.context) || !t.context.inSyscall),
      'pending-implies-flag': (s) => s.tasks.every((t) => !t.context?.record || (t.flag && !t.userMode)),
      'bounded-pending': (s) => s.tasks.every((t) => !(t.userMode && t.context) || (t.context.names === 0 && t.context.aux === 0)),
      'rule-coverage': (s) => s.nRules === 0 || !quiet(s) || s.tasks.every((t) => !t.listed || !(t.userMode && t.context) || t.flag),
      'fast-path-after-one-exit': (s) => s.nRules !== 0 || !quiet(s) || s.tasks.every((t) => !t.ghost || !t.userMode || !t.flag),
    };
  }
}

const PC_CODE: Record<TaskPc, number> = {
  none: 0, embryo: 1, user: 2, entry: 3, body: 4, 'fork-attach': 5, 'fork-late': 6, sysret: 7,
  'exit-hook': 8, 'exit-reattach': 9, x5a: 10, x5b: 11, done: 12, dead: 13, 'fork-late-set': 15, 'fork-late-clear': 14,
};
const ADMIN_CODE: Record<AdminPc, number> = { idle: 0, 'walk-set': 1, 'walk-clear': 2, done: 3 };

/** The packed model's field names and values for a reference state (the comparison's glue). */
/**
 * The packed encoding of `s`. The lock words are derived: auditctl holds audit_filter_mutex for a whole
 * walk and read_lock(&tasklist_lock) too unless the walk is under RCU; a late-reading fork under RCU
 * walks holds write_lock_irq(&tasklist_lock) across its three steps (the writer is the word's maximum, 3).
 */
export function encode(s: RefState, walkLock = 'tasklist'): Map<string, number> {
  const m = new Map<string, number>();
  const b = (x: boolean) => (x ? 1 : 0);
  const walking = s.admin.pc === 'walk-set' || s.admin.pc === 'walk-clear';
  const writer = s.tasks.some((t) => t.pc.startsWith('fork-late'));
  m.set('audit_n_rules', s.nRules);
  m.set('tasklist_lock', writer ? 3 : walking && walkLock === 'tasklist' ? 1 : 0);
  m.set('audit_filter_mutex', b(walking));
  m.set('auditctl.pc', ADMIN_CODE[s.admin.pc]);
  m.set('auditctl.rule_ops', s.admin.ops);
  m.set('auditctl.walk', s.admin.walk);
  m.set('auditctl.cpu', s.admin.cpu);
  s.tasks.forEach((t, i) => {
    const c = t.context ?? t.detached ?? zeroCtx();
    const T = `T${i}`;
    m.set(`${T}.pc`, PC_CODE[t.pc]);
    m.set(`${T}.nr_syscalls`, t.syscalls);
    m.set(`${T}.TIF_SYSCALL_AUDIT`, b(t.flag));
    m.set(`${T}.user_mode`, b(t.userMode));
    m.set(`${T}.on_tasklist`, b(t.listed));
    m.set(`${T}.audit_context`, b(t.context !== null));
    m.set(`${T}.ctx.in_syscall`, b(c.inSyscall));
    m.set(`${T}.ctx.dummy`, b(c.dummy));
    m.set(`${T}.ctx.name_count`, c.names);
    m.set(`${T}.ctx.aux`, c.aux);
    m.set(`${T}.ctx.current_state`, b(c.record));
    m.set(`${T}.cpu`, t.cpu);
    m.set(`${T}.BUG`, b(t.bug));
    m.set(`ghost.${T}.exit_hook_since_n_rules_changed`, b(t.ghost));
  });
  return m;
}
