/**
 * Random litmus tests for the property suites: whole ASTs for the print/parse round trip, and
 * small programs of READ_ONCE/WRITE_ONCE with barriers, with an operational SC reference that
 * runs every interleaving (independent of the checker's axioms).
 */
import fc from 'fast-check';
import type { Condition, Expr, InitEntry, LitmusTest, Param, Prop, Stmt, Target, Thread, Value } from '../src/litmus/ast.js';

const REGS = ['r0', 'r1', 'r2', 'r3'];
const LOCS = ['x', 'y', 'z'];
const ident = fc.constantFrom(...LOCS, 'flag', 'n');
const reg = fc.constantFrom(...REGS);
const value: fc.Arbitrary<Value> = fc.oneof(fc.integer({ min: -3, max: 5 }), ident);

const pure: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.integer({ min: -2, max: 9 }).map((value): Expr => ({ kind: 'num', value })),
    reg.map((name): Expr => ({ kind: 'var', name })),
    fc.record({ op: fc.constantFrom('!', '~', '-' as const), arg: tie('e') }).filter((u) => !(u.op === '-' && u.arg.kind === 'num')).map((u): Expr => ({ kind: 'unop', ...u })),
    fc.record({ op: fc.constantFrom('+', '-', '*', '&', '|', '^', '==', '!=', '<', '>=', '&&', '||' as const), left: tie('e'), right: tie('e') }).map((b): Expr => ({ kind: 'binop', ...b })),
  ),
})).e;

const ptr = ident.map((name): Expr => ({ kind: 'var', name }));
const lval = ptr.map((arg): Expr => ({ kind: 'deref', arg }));
type Call = Extract<Expr, { kind: 'call' }>;
const call = (name: string, ...args: fc.Arbitrary<Expr>[]): fc.Arbitrary<Call> => fc.tuple(...args).map((a) => ({ kind: 'call', name, args: a }));

const valueCall: fc.Arbitrary<Call> = fc.oneof(
  call('READ_ONCE', lval),
  call('smp_load_acquire', ptr),
  call('atomic_fetch_add_relaxed', pure, ptr),
  call('atomic_inc_return', ptr),
  call('xchg_acquire', ptr, pure),
  call('cmpxchg', ptr, pure, pure),
);
const voidCall: fc.Arbitrary<Call> = fc.oneof(
  call('WRITE_ONCE', lval, pure),
  call('smp_store_release', ptr, pure),
  fc.constantFrom('smp_mb', 'smp_wmb', 'smp_rmb', 'smp_mb__after_atomic').map((name): Call => ({ kind: 'call', name, args: [] })),
  call('atomic_andnot', pure, ptr),
  call('spin_lock', ptr),
);

/** A trailing C comment, as an exporter writes one to name the kernel function. */
const comment = fc.option(fc.stringMatching(/^[A-Za-z0-9_(]([A-Za-z0-9_(),.:+ ]{0,20}[A-Za-z0-9_()])?$/), { nil: undefined });
const withComment = (s: Exclude<Stmt, { kind: 'if' }>, text: string | undefined): Stmt => (text === undefined ? s : { ...s, comment: text });

const stmt: fc.Arbitrary<Stmt> = fc.letrec<{ s: Stmt }>((tie) => ({
  s: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ reg, expr: fc.oneof(pure, valueCall), comment }).map((a): Stmt => withComment({ kind: 'assign', reg: a.reg, expr: a.expr }, a.comment)),
    fc.record({ call: voidCall, comment }).map((c): Stmt => withComment({ kind: 'call', call: c.call }, c.comment)),
    fc.record({ name: reg, ptr: fc.integer({ min: 0, max: 1 }), init: fc.option(pure, { nil: undefined }) }).map(
      (d): Stmt => (d.init === undefined ? { kind: 'decl', type: 'int', ptr: d.ptr, name: d.name } : { kind: 'decl', type: 'int', ptr: d.ptr, name: d.name, init: d.init }),
    ),
    fc.record({ cond: pure, then: fc.array(tie('s'), { maxLength: 2 }), else: fc.option(fc.array(tie('s'), { maxLength: 2 }), { nil: undefined }) }).map(
      (i): Stmt => (i.else === undefined ? { kind: 'if', cond: i.cond, then: i.then } : { kind: 'if', cond: i.cond, then: i.then, else: i.else }),
    ),
  ),
})).s;

const target: fc.Arbitrary<Target> = fc.oneof(
  ident.map((name): Target => ({ name })),
  fc.record({ thread: fc.integer({ min: 0, max: 3 }), name: reg }),
);

const prop: fc.Arbitrary<Prop> = fc.letrec<{ p: Prop }>((tie) => ({
  p: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ target, value }).map((a): Prop => ({ kind: 'atom', ...a })),
    fc.boolean().map((value): Prop => ({ kind: 'const', value })),
    tie('p').map((arg): Prop => ({ kind: 'not', arg })),
    fc.record({ kind: fc.constantFrom('and', 'or' as const), left: tie('p'), right: tie('p') }).map((b): Prop => b),
  ),
})).p;

const initEntry: fc.Arbitrary<InitEntry> = fc.oneof(
  fc.record({ type: fc.constantFrom('int', 'atomic_t', 'spinlock_t'), ptr: fc.integer({ min: 0, max: 1 }), name: ident, value: fc.option(value, { nil: undefined }) }).map(
    (e): InitEntry => (e.value === undefined ? { type: e.type, ptr: e.ptr, name: e.name } : e),
  ),
  fc.record({ ptr: fc.constant(0), name: ident, value }),
  fc.record({ ptr: fc.constant(0), thread: fc.integer({ min: 0, max: 2 }), name: reg, value }),
);

const param: fc.Arbitrary<Param> = fc.record({ type: fc.constantFrom('int', 'atomic_t', 'spinlock_t'), ptr: fc.integer({ min: 1, max: 2 }), name: ident });

/** Any test the parser accepts syntactically (the checker may still refuse it). */
export const arbLitmusAst: fc.Arbitrary<LitmusTest> = fc
  .record({
    name: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9+._-]{0,15}$/),
    doc: fc.option(fc.stringMatching(/^[ A-Za-z0-9:.,\n]{0,40}$/), { nil: undefined }),
    init: fc.array(initEntry, { maxLength: 3 }),
    bodies: fc.array(fc.record({ params: fc.array(param, { minLength: 0, maxLength: 2 }), body: fc.array(stmt, { maxLength: 4 }) }), { minLength: 1, maxLength: 3 }),
    locations: fc.option(fc.array(target, { maxLength: 3 }), { nil: undefined }),
    quantifier: fc.constantFrom('exists', '~exists', 'forall' as const),
    prop,
  })
  .map((r) => {
    const threads: Thread[] = r.bodies.map((b, id) => ({ id, params: b.params, body: b.body }));
    const condition: Condition = { quantifier: r.quantifier, prop: r.prop };
    const t: LitmusTest = { name: r.name, init: r.init, threads, condition };
    return { ...t, ...(r.doc === undefined ? {} : { doc: r.doc }), ...(r.locations === undefined ? {} : { locations: r.locations }) };
  });

/** One access of a small program: a store of a constant or a load into a fresh register; `ordered`
 * makes it smp_store_release / smp_load_acquire. */
export type Access =
  | { readonly kind: 'W'; readonly loc: string; readonly value: number; readonly ordered: boolean }
  | { readonly kind: 'R'; readonly loc: string; readonly ordered: boolean };
export type Barrier = 'smp_mb' | 'smp_wmb' | 'smp_rmb' | undefined;
/** A thread: its accesses and the barrier (if any) after each access but the last. */
export interface SmallThread {
  readonly accesses: readonly Access[];
  readonly barriers: readonly Barrier[];
}

const access: fc.Arbitrary<Access> = fc.oneof(
  fc.record({ kind: fc.constant('W' as const), loc: fc.constantFrom('x', 'y'), value: fc.integer({ min: 1, max: 2 }), ordered: fc.boolean() }),
  fc.record({ kind: fc.constant('R' as const), loc: fc.constantFrom('x', 'y'), ordered: fc.boolean() }),
);

/** 2-3 threads, at most 4 accesses each and 7 in all (to keep the candidate count small). */
export const arbSmallProgram: fc.Arbitrary<SmallThread[]> = fc
  .array(fc.array(access, { minLength: 2, maxLength: 4 }), { minLength: 2, maxLength: 3 })
  .filter((ts) => ts.flat().length <= 7)
  .chain((ts) =>
    fc.tuple(...ts.map((accesses) => fc.array(fc.constantFrom<Barrier>('smp_mb', 'smp_wmb', 'smp_rmb', undefined), { minLength: accesses.length - 1, maxLength: accesses.length - 1 }).map((barriers) => ({ accesses, barriers })))),
  );

/** The program as a litmus test (exists (true): the suites compare outcome sets, not verdicts). */
export function smallTest(threads: readonly SmallThread[]): LitmusTest {
  return {
    name: 'random',
    init: [],
    threads: threads.map((t, id) => {
      const body: Stmt[] = [];
      let r = 0;
      t.accesses.forEach((a, i) => {
        const ptr: Expr = { kind: 'var', name: a.loc };
        const loc: Expr = a.ordered ? ptr : { kind: 'deref', arg: ptr };
        const value: Expr = { kind: 'num', value: a.kind === 'W' ? a.value : 0 };
        if (a.kind === 'W') body.push({ kind: 'call', call: { kind: 'call', name: a.ordered ? 'smp_store_release' : 'WRITE_ONCE', args: [loc, value] } });
        else body.push({ kind: 'assign', reg: `r${r++}`, expr: { kind: 'call', name: a.ordered ? 'smp_load_acquire' : 'READ_ONCE', args: [loc] } });
        const b = t.barriers[i];
        if (b !== undefined) body.push({ kind: 'call', call: { kind: 'call', name: b, args: [] } });
      });
      return { id, params: [{ type: 'int', ptr: 1, name: 'x' }, { type: 'int', ptr: 1, name: 'y' }], body };
    }),
    condition: { quantifier: 'exists', prop: { kind: 'const', value: true } },
  };
}

/** Every outcome under sequential consistency, by running every interleaving; keys as outcomeKey. */
export function scOutcomes(threads: readonly SmallThread[]): Set<string> {
  const out = new Set<string>();
  const go = (pcs: number[], mem: Map<string, number>, regs: Map<string, number>): void => {
    let moved = false;
    threads.forEach((t, id) => {
      const a = t.accesses[pcs[id]!];
      if (a === undefined) return;
      moved = true;
      const nextPcs = pcs.map((p, j) => (j === id ? p + 1 : p));
      if (a.kind === 'W') {
        go(nextPcs, new Map(mem).set(a.loc, a.value), regs);
      } else {
        const r = t.accesses.slice(0, pcs[id]!).filter((b) => b.kind === 'R').length;
        go(nextPcs, mem, new Map(regs).set(`${id}:r${r}`, mem.get(a.loc) ?? 0));
      }
    });
    if (!moved) out.add([...[...regs].map(([k, v]) => `${k}=${v}`), ...['x', 'y'].map((l) => `${l}=${mem.get(l) ?? 0}`)].sort().join(' '));
  };
  go(threads.map(() => 0), new Map(), new Map());
  return out;
}

export function withFullBarriers(threads: readonly SmallThread[]): SmallThread[] {
  return threads.map((t) => ({ accesses: t.accesses, barriers: t.barriers.map(() => 'smp_mb' as const) }));
}

/**
 * Every way to weaken the program by one step: drop one barrier, or turn one acquire load or
 * release store into READ_ONCE/WRITE_ONCE.
 */
export function weakenings(threads: readonly SmallThread[]): SmallThread[][] {
  const out: SmallThread[][] = [];
  threads.forEach((t, ti) => {
    const replace = (nt: SmallThread): SmallThread[] => threads.map((u, i) => (i === ti ? nt : u));
    t.barriers.forEach((b, bi) => {
      if (b !== undefined) out.push(replace({ accesses: t.accesses, barriers: t.barriers.map((c, j) => (j === bi ? undefined : c)) }));
    });
    t.accesses.forEach((a, ai) => {
      if (a.ordered) out.push(replace({ accesses: t.accesses.map((c, j) => (j === ai ? { ...c, ordered: false } : c)), barriers: t.barriers }));
    });
  });
  return out;
}

/** The proposition that fixes every register and final value of an outcome key. */
export function outcomeProp(key: string): Prop {
  const atoms = key.split(' ').map((kv): Prop => {
    const [k, v] = kv.split('=') as [string, string];
    const m = /^(\d+):(.*)$/.exec(k);
    const target: Target = m === null ? { name: k } : { thread: Number(m[1]), name: m[2]! };
    return { kind: 'atom', target, value: Number(v) };
  });
  return atoms.reduce((left, right) => ({ kind: 'and', left, right }));
}
