/**
 * Steps written as kernel code. A step is a named, atomic sequence of the kernel's memory primitives
 * (READ_ONCE, WRITE_ONCE, set_bit, smp_mb, spin_lock, ...) over a packed state; the program is data, so
 * footprints, memory-model semantics, barrier ablation and litmus export are all derived from it and
 * none of them can disagree with the code. Nothing here knows about audit.
 *
 * Fields come in three kinds (declared with the layout, see ./memory.ts):
 *  - shared: memory locations, accessed only through the primitives, subject to the memory model;
 *  - local: owned by one or more threads (a task's context, its program counter), plain reads/writes;
 *  - ghost: verification and scheduler bookkeeping with no memory semantics, writable by any thread.
 */
import type { FieldId, StateVector } from '../layout.js';

export type LoadPrim = 'READ_ONCE' | 'plain' | 'smp_load_acquire';
export type StorePrim = 'WRITE_ONCE' | 'plain' | 'smp_store_release';
/** Non-value-returning atomics: on a one-bit location set_bit/clear_bit store 1/0 atomically. */
export type AtomicPrim = 'set_bit' | 'clear_bit' | 'atomic_inc' | 'atomic_dec';
/** Value-returning atomics: fully ordered in every model. The old value goes to a local field. */
export type AtomicReturnPrim = 'test_and_set_bit' | 'atomic_inc_return' | 'xchg';
export type BarrierPrim = 'smp_mb' | 'smp_wmb' | 'smp_rmb' | 'smp_mb__before_atomic' | 'smp_mb__after_atomic';
export type LockPrim =
  | 'spin_lock' | 'spin_unlock' | 'read_lock' | 'read_unlock' | 'write_lock' | 'write_unlock'
  | 'mutex_lock' | 'mutex_unlock' | 'rcu_read_lock' | 'rcu_read_unlock';

export type BinOp = '==' | '!=' | '<' | '+' | '-' | '&&' | '||' | 'min';

export type Expr =
  | { readonly k: 'const'; readonly v: number }
  /** A local or ghost field of the state (no memory semantics). */
  | { readonly k: 'field'; readonly f: FieldId }
  /** A load of a shared location: every evaluation is one load event. */
  | { readonly k: 'load'; readonly prim: LoadPrim; readonly loc: FieldId }
  | { readonly k: 'bin'; readonly op: BinOp; readonly a: Expr; readonly b: Expr }
  | { readonly k: 'not'; readonly a: Expr }
  | { readonly k: 'cond'; readonly c: Expr; readonly a: Expr; readonly b: Expr }
  | { readonly k: 'in'; readonly a: Expr; readonly mask: number }
  /**
   * Verification bookkeeping: reads any field's stored value with no memory semantics and no event
   * (ghost witnesses, the scheduler). Never the kernel's own reads.
   */
  | { readonly k: 'peek'; readonly f: FieldId };

export type Op =
  | { readonly op: 'store'; readonly prim: StorePrim; readonly loc: FieldId; readonly value: Expr }
  /** `spelling` is how the kernel writes it at this call site, e.g. `set_tsk_thread_flag`. */
  | { readonly op: 'atomic'; readonly prim: AtomicPrim; readonly loc: FieldId; readonly spelling: string }
  | { readonly op: 'atomic_return'; readonly prim: AtomicReturnPrim; readonly loc: FieldId; readonly value: Expr; readonly into: FieldId }
  /** `implied`: the kernel code that implies this barrier (e.g. `schedule()`); ablation keeps it. */
  | { readonly op: 'barrier'; readonly prim: BarrierPrim; readonly implied?: string }
  /**
   * `lock` is the lock word (a shared field); absent for RCU, which excludes nothing here.
   * `unordered`: lock ablation took this site's acquire/release ordering away; it still excludes.
   */
  | { readonly op: 'lock'; readonly prim: LockPrim; readonly lock?: FieldId; readonly spelling: string; readonly unordered?: true }
  /** Task-local context work, program counters, ghost bookkeeping. */
  | { readonly op: 'set'; readonly f: FieldId; readonly value: Expr }
  | { readonly op: 'if'; readonly cond: Expr; readonly then: readonly Op[]; readonly else: readonly Op[] };

/** One atomic step of one thread, labelled with the kernel function and file it models. */
export interface StepDef {
  /** Unique in the model, e.g. `T1: __audit_syscall_exit`. */
  readonly name: string;
  /** The kernel function (or entry label) the step is part of. */
  readonly func: string;
  /**
   * The kernel function whose code the step is, when `func` names the call it makes (a walk step's
   * `set_tsk_thread_flag` is code of `audit_add_rule`); ablation site ids use it. Default `func`.
   */
  readonly within?: string;
  readonly file: string;
  readonly thread: number;
  /** When the step may run (program counter, CPU held, ...); its loads are the step's first reads. */
  readonly when: Expr;
  readonly body: readonly Op[];
  /** What reports should say about a run of the step ({@link Action.note}); for reports only. */
  note?(before: StateVector, after: StateVector): string | undefined;
}

// ---- builders, spelled as the kernel spells them ----

export type Val = Expr | number | boolean;
const ex = (v: Val): Expr => (typeof v === 'number' ? { k: 'const', v } : typeof v === 'boolean' ? { k: 'const', v: v ? 1 : 0 } : v);
const bin = (op: BinOp) => (a: Val, b: Val): Expr => ({ k: 'bin', op, a: ex(a), b: ex(b) });

export const num = (v: number): Expr => ({ k: 'const', v });
export const field = (f: FieldId): Expr => ({ k: 'field', f });
export const eq = bin('==');
export const ne = bin('!=');
export const lt = bin('<');
export const plus = bin('+');
export const minus = bin('-');
export const min = bin('min');
export const not = (a: Val): Expr => ({ k: 'not', a: ex(a) });
export const cond = (c: Val, a: Val, b: Val): Expr => ({ k: 'cond', c: ex(c), a: ex(a), b: ex(b) });
export const peek = (f: FieldId): Expr => ({ k: 'peek', f });
const fold = (op: '&&' | '||', unit: boolean) => (...xs: Val[]): Expr =>
  xs.length === 0 ? ex(unit) : xs.map(ex).reduce((a, b) => ({ k: 'bin', op, a, b }));
export const and = fold('&&', true);
export const or = fold('||', false);
/** Whether `a` is one of `values` (small non-negative integers): a bit test. */
export const oneOf = (a: Val, values: readonly number[]): Expr => ({ k: 'in', a: ex(a), mask: values.reduce((m, v) => m | (1 << v), 0) });

export const READ_ONCE = (loc: FieldId): Expr => ({ k: 'load', prim: 'READ_ONCE', loc });
/** A plain C read of a shared location (e.g. under a lock that serialises its writers). */
export const plain_read = (loc: FieldId): Expr => ({ k: 'load', prim: 'plain', loc });
export const smp_load_acquire = (loc: FieldId): Expr => ({ k: 'load', prim: 'smp_load_acquire', loc });

export const WRITE_ONCE = (loc: FieldId, value: Val): Op => ({ op: 'store', prim: 'WRITE_ONCE', loc, value: ex(value) });
export const plain_write = (loc: FieldId, value: Val): Op => ({ op: 'store', prim: 'plain', loc, value: ex(value) });
export const smp_store_release = (loc: FieldId, value: Val): Op => ({ op: 'store', prim: 'smp_store_release', loc, value: ex(value) });

const atomic = (prim: AtomicPrim) => (loc: FieldId, spelling: string = prim): Op => ({ op: 'atomic', prim, loc, spelling });
export const set_bit = atomic('set_bit');
export const clear_bit = atomic('clear_bit');
export const atomic_inc = atomic('atomic_inc');
export const atomic_dec = atomic('atomic_dec');
export const set_tsk_thread_flag = (loc: FieldId): Op => set_bit(loc, 'set_tsk_thread_flag');
export const clear_tsk_thread_flag = (loc: FieldId): Op => clear_bit(loc, 'clear_tsk_thread_flag');
export const set_thread_flag = (loc: FieldId): Op => set_bit(loc, 'set_thread_flag');
export const clear_thread_flag = (loc: FieldId): Op => clear_bit(loc, 'clear_thread_flag');

export const test_and_set_bit = (loc: FieldId, into: FieldId): Op => ({ op: 'atomic_return', prim: 'test_and_set_bit', loc, value: ex(1), into });
export const atomic_inc_return = (loc: FieldId, into: FieldId): Op => ({ op: 'atomic_return', prim: 'atomic_inc_return', loc, value: ex(1), into });
export const xchg = (loc: FieldId, value: Val, into: FieldId): Op => ({ op: 'atomic_return', prim: 'xchg', loc, value: ex(value), into });

const barrier = (prim: BarrierPrim): Op => ({ op: 'barrier', prim });
/** `smp_mb()`, or with `implied` the full barrier some kernel code implies (schedule(), a wakeup). */
export const smp_mb = (implied?: string): Op => (implied === undefined ? barrier('smp_mb') : { op: 'barrier', prim: 'smp_mb', implied });
export const smp_wmb = (): Op => barrier('smp_wmb');
export const smp_rmb = (): Op => barrier('smp_rmb');
export const smp_mb__before_atomic = (): Op => barrier('smp_mb__before_atomic');
export const smp_mb__after_atomic = (): Op => barrier('smp_mb__after_atomic');

const lockOp = (prim: LockPrim) => (lock: FieldId, spelling: string = prim): Op => ({ op: 'lock', prim, lock, spelling });
export const spin_lock = lockOp('spin_lock');
export const spin_unlock = lockOp('spin_unlock');
export const read_lock = lockOp('read_lock');
export const read_unlock = lockOp('read_unlock');
export const write_lock = lockOp('write_lock');
export const write_unlock = lockOp('write_unlock');
export const mutex_lock = lockOp('mutex_lock');
export const mutex_unlock = lockOp('mutex_unlock');
export const rcu_read_lock = (): Op => ({ op: 'lock', prim: 'rcu_read_lock', spelling: 'rcu_read_lock' });
export const rcu_read_unlock = (): Op => ({ op: 'lock', prim: 'rcu_read_unlock', spelling: 'rcu_read_unlock' });

/** Task-local (or ghost) work: `f = value`. */
export const set = (f: FieldId, value: Val): Op => ({ op: 'set', f, value: ex(value) });
export const if_ = (cond: Val, then: readonly Op[], otherwise: readonly Op[] = []): Op => ({ op: 'if', cond: ex(cond), then, else: otherwise });

/** Lock primitives that take a lock (and so may have to wait for it). */
export const ACQUIRES: ReadonlySet<LockPrim> = new Set(['spin_lock', 'read_lock', 'write_lock', 'mutex_lock']);

/** Every op of `body`, both branches of every `if`, in program order. */
export function* walkOps(body: readonly Op[]): Generator<Op> {
  for (const op of body) {
    yield op;
    if (op.op === 'if') {
      yield* walkOps(op.then);
      yield* walkOps(op.else);
    }
  }
}

/** Every sub-expression of `e`. */
export function* walkExpr(e: Expr): Generator<Expr> {
  yield e;
  if (e.k === 'bin') {
    yield* walkExpr(e.a);
    yield* walkExpr(e.b);
  } else if (e.k === 'not' || e.k === 'in') yield* walkExpr(e.a);
  else if (e.k === 'cond') {
    yield* walkExpr(e.c);
    yield* walkExpr(e.a);
    yield* walkExpr(e.b);
  }
}

/** Every expression an op evaluates (not those of nested ops). */
export function opExprs(op: Op): Expr[] {
  switch (op.op) {
    case 'store':
    case 'set':
    case 'atomic_return':
      return [op.value];
    case 'if':
      return [op.cond];
    default:
      return [];
  }
}
