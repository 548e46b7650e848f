/**
 * The kernel primitives the checker understands, after linux-kernel.def: what events each one
 * makes and with which LKMM tags. Everything else is refused by name, with the reason.
 */

/** Ordering annotation of an access, as in linux-kernel.bell (`mb` marks a fully ordered RMW). */
export type Order = 'once' | 'acquire' | 'release' | 'mb';
export type FenceTag = 'mb' | 'rmb' | 'wmb' | 'before-atomic' | 'after-atomic' | 'after-spinlock' | 'after-unlock-lock' | 'barrier';
export type RmwOp = 'add' | 'sub' | 'and' | 'or' | 'xor' | 'andnot' | 'xchg';

/** How an argument is passed: the lvalue `*x` (READ_ONCE), a pointer `x`, or a value. */
export type ArgKind = 'lvalue' | 'pointer' | 'value';

export type Primitive =
  | { readonly kind: 'load'; readonly order: 'once' | 'acquire'; readonly args: readonly ArgKind[] }
  | { readonly kind: 'store'; readonly order: 'once' | 'release'; readonly mb?: true; readonly args: readonly ArgKind[] }
  | { readonly kind: 'fence'; readonly tag: FenceTag; readonly args: readonly ArgKind[] }
  | {
      readonly kind: 'rmw';
      readonly op: RmwOp;
      /** `noreturn`: the non-value-returning atomics, whose read LKMM tags Noreturn. */
      readonly order: Order | 'noreturn';
      readonly returns: 'none' | 'new' | 'old';
      /** Index of the operand among the arguments (the other is the pointer); -1 for inc/dec. */
      readonly operand: number;
      readonly constant?: number;
      readonly args: readonly ArgKind[];
    }
  | { readonly kind: 'cmpxchg'; readonly order: Order; readonly args: readonly ArgKind[] }
  | { readonly kind: 'lock'; readonly args: readonly ArgKind[] }
  | { readonly kind: 'unlock'; readonly args: readonly ArgKind[] }
  /** spin_trylock: a lock acquire that returns 1, or a failed read of the held lock (LF) returning 0. */
  | { readonly kind: 'trylock'; readonly args: readonly ArgKind[] };

const P: ArgKind = 'pointer';
const V: ArgKind = 'value';
const table = new Map<string, Primitive>();

table.set('READ_ONCE', { kind: 'load', order: 'once', args: ['lvalue'] });
table.set('WRITE_ONCE', { kind: 'store', order: 'once', args: ['lvalue', V] });
table.set('smp_load_acquire', { kind: 'load', order: 'acquire', args: [P] });
table.set('smp_store_release', { kind: 'store', order: 'release', args: [P, V] });
table.set('smp_store_mb', { kind: 'store', order: 'once', mb: true, args: ['lvalue', V] });
table.set('atomic_read', { kind: 'load', order: 'once', args: [P] });
table.set('atomic_set', { kind: 'store', order: 'once', args: [P, V] });
table.set('atomic_read_acquire', { kind: 'load', order: 'acquire', args: [P] });
table.set('atomic_set_release', { kind: 'store', order: 'release', args: [P, V] });

const FENCES: readonly (readonly [string, FenceTag])[] = [
  ['smp_mb', 'mb'],
  ['smp_rmb', 'rmb'],
  ['smp_wmb', 'wmb'],
  ['smp_mb__before_atomic', 'before-atomic'],
  ['smp_mb__after_atomic', 'after-atomic'],
  ['smp_mb__after_spinlock', 'after-spinlock'],
  ['smp_mb__after_unlock_lock', 'after-unlock-lock'],
  ['barrier', 'barrier'],
];
for (const [name, tag] of FENCES) table.set(name, { kind: 'fence', tag, args: [] });

const SUFFIXES: readonly (readonly [string, Order])[] = [
  ['', 'mb'],
  ['_relaxed', 'once'],
  ['_acquire', 'acquire'],
  ['_release', 'release'],
];

// atomic_add(V, X) and friends; inc/dec take only the pointer.
const ARITH: readonly (readonly [string, RmwOp, number | undefined])[] = [
  ['add', 'add', undefined],
  ['sub', 'sub', undefined],
  ['inc', 'add', 1],
  ['dec', 'sub', 1],
];
for (const [name, op, constant] of ARITH) {
  const args: ArgKind[] = constant === undefined ? [V, P] : [P];
  const operand = constant === undefined ? 0 : -1;
  const extra = constant === undefined ? {} : { constant };
  table.set(`atomic_${name}`, { kind: 'rmw', op, order: 'noreturn', returns: 'none', operand, args, ...extra });
  for (const [suffix, order] of SUFFIXES) {
    table.set(`atomic_${name}_return${suffix}`, { kind: 'rmw', op, order, returns: 'new', operand, args, ...extra });
    table.set(`atomic_fetch_${name}${suffix}`, { kind: 'rmw', op, order, returns: 'old', operand, args, ...extra });
  }
}
for (const op of ['and', 'or', 'xor', 'andnot'] as const) {
  table.set(`atomic_${op}`, { kind: 'rmw', op, order: 'noreturn', returns: 'none', operand: 0, args: [V, P] });
  for (const [suffix, order] of SUFFIXES) {
    table.set(`atomic_fetch_${op}${suffix}`, { kind: 'rmw', op, order, returns: 'old', operand: 0, args: [V, P] });
  }
}
for (const [suffix, order] of SUFFIXES) {
  for (const prefix of ['', 'atomic_']) {
    table.set(`${prefix}xchg${suffix}`, { kind: 'rmw', op: 'xchg', order, returns: 'old', operand: 1, args: [P, V] });
    table.set(`${prefix}cmpxchg${suffix}`, { kind: 'cmpxchg', order, args: [P, V, V] });
  }
}
table.set('spin_lock', { kind: 'lock', args: [P] });
table.set('spin_unlock', { kind: 'unlock', args: [P] });
table.set('spin_trylock', { kind: 'trylock', args: [P] });

/** Known kernel primitives outside the subset, with the reason given to the user. */
const REFUSED: readonly (readonly [RegExp, string])[] = [
  [/^(rcu_|synchronize_rcu|call_rcu)/, 'RCU is outside the supported subset'],
  [/^(srcu_|synchronize_srcu)/, 'SRCU is outside the supported subset'],
  [/^spin_is_locked$/, 'lock-state queries are outside the supported subset (spin_lock, spin_trylock and spin_unlock are in it)'],
  [/^smp_mb__after_srcu_read_unlock$/, 'SRCU is outside the supported subset'],
  [/_and_test$|_add_negative$|_add_unless$/, 'conditional atomics (_and_test, _add_negative, _add_unless) are outside the supported subset'],
];

export function primitive(name: string): Primitive | undefined {
  return table.get(name);
}

/** Why `name` is not supported: a known primitive outside the subset, or an unknown one. */
export function refusal(name: string): string {
  const known = REFUSED.find(([re]) => re.test(name));
  if (known !== undefined) return `${name}: ${known[1]}`;
  return `unknown primitive ${name} (supported: READ_ONCE/WRITE_ONCE, acquire/release, smp_* barriers, atomic_*, xchg/cmpxchg, spin_lock/spin_trylock/spin_unlock)`;
}

export function primitiveNames(): string[] {
  return [...table.keys()].sort();
}
