/**
 * Each thread's possible paths: the code run with every read returning each value its location
 * may hold, so `if` picks a branch per value. A path is its events with their address, data and
 * control dependencies (LKMM's: from the reads of an if's condition to the events of its branches,
 * not beyond the end of the if) and the final registers.
 */
import { Unsupported, type Expr, type Stmt, type Thread, type Value } from './ast.js';
import type { LocalEvent } from './events.js';
import { primitive } from './primitives.js';
import { printExpr } from './print.js';
import { evalPure, rmwResult, type Reg } from './values.js';

export interface Path {
  readonly events: readonly LocalEvent[];
  readonly regs: ReadonlyMap<string, Value>;
}

/** Values each location may hold, grown to a fixpoint by the caller. */
export type Domain = ReadonlyMap<string, ReadonlySet<Value>>;

interface State {
  readonly events: LocalEvent[];
  readonly regs: Map<string, Reg>;
  readonly ctrl: readonly number[];
}

const MAX_PATHS = 20_000;

export function threadPaths(th: Thread, domain: Domain, init: ReadonlyMap<string, Value>): Path[] {
  const params = new Set(th.params.map((p) => p.name));
  const out: Path[] = [];
  const regs = new Map<string, Reg>([...init].map(([k, v]) => [k, { value: v, deps: [] }]));
  const run = (body: readonly Stmt[], at: number, s: State, k: (s: State) => void): void => {
    if (at === body.length) return k(s);
    step(body[at]!, s, (next) => run(body, at + 1, next, k));
  };
  const step = (st: Stmt, s: State, k: (s: State) => void): void => {
    if (st.kind === 'decl' || st.kind === 'assign') {
      const reg = st.kind === 'decl' ? st.name : st.reg;
      const expr = st.kind === 'decl' ? st.init : st.expr;
      if (expr === undefined) return k(withReg(s, reg, { value: 0, deps: [] }));
      if (expr.kind === 'call') return call(expr, st.comment, s, (r, n) => k(withReg(n, reg, r)));
      return k(withReg(s, reg, evalPure(expr, s.regs, params)));
    }
    if (st.kind === 'call') return call(st.call, st.comment, s, (_r, n) => k(n));
    const c = evalPure(st.cond, s.regs, params);
    const taken = c.value !== 0;
    const next = { ...s, ctrl: union(s.ctrl, c.deps) };
    // LKMM's control dependency covers the branches only, not the code after the if.
    return run(taken ? st.then : (st.else ?? []), 0, next, (after) => k({ ...after, ctrl: s.ctrl }));
  };
  const call = (e: Extract<Expr, { kind: 'call' }>, note: string | undefined, s: State, k: (r: Reg, s: State) => void): void => {
    let outcomes: [Reg, State][];
    try {
      outcomes = callOutcomes(e, note, s, domain, params);
    } catch (err) {
      throw err instanceof Unsupported && err.node === undefined ? new Unsupported(`${printExpr(e, 0)}: ${err.message}`, e) : err;
    }
    for (const [r, n] of outcomes) k(r, n);
  };
  run(th.body, 0, { events: [], regs, ctrl: [] }, (s) => {
    if (out.length >= MAX_PATHS) throw new Unsupported(`P${th.id} has more than ${MAX_PATHS} paths; make the test smaller`);
    out.push({ events: s.events, regs: new Map([...s.regs].map(([k, r]) => [k, r.value])) });
  });
  return out;
}

function withReg(s: State, name: string, r: Reg): State {
  const regs = new Map(s.regs);
  regs.set(name, r);
  return { ...s, regs };
}

function union(a: readonly number[], b: readonly number[]): number[] {
  return [...new Set([...a, ...b])].sort((x, y) => x - y);
}

/** The location a pointer argument names, with the reads its address depends on. */
function locationOf(arg: Expr, regs: ReadonlyMap<string, Reg>, params: ReadonlySet<string>): Reg & { value: string } {
  const ptr = arg.kind === 'deref' ? arg.arg : arg;
  const r = evalPure(ptr, regs, params);
  if (typeof r.value !== 'string') throw new Unsupported(`${printExpr(arg, 0)} does not hold an address (it is ${r.value})`);
  return { value: r.value, deps: r.deps };
}

/** Every outcome of one primitive call: its result register and the state after its events. */
function callOutcomes(e: Extract<Expr, { kind: 'call' }>, note: string | undefined, s: State, domain: Domain, params: ReadonlySet<string>): [Reg, State][] {
  const prim = primitive(e.name)!;
  const text = printExpr(e, 0);
  const base = s.events.length;
  const ev = (x: Omit<LocalEvent, 'addr' | 'data' | 'ctrl' | 'text'> & Partial<LocalEvent>): LocalEvent => ({ addr: [], data: [], ctrl: s.ctrl, text, source: e, ...(note === undefined ? {} : { note }), ...x });
  const done = (events: LocalEvent[], r: Reg = { value: 0, deps: [] }): [Reg, State] => [r, { ...s, events: [...s.events, ...events] }];
  if (prim.kind === 'fence') return [done([ev({ kind: 'F', fence: prim.tag })])];
  const where = locationOf(e.args[prim.args.findIndex((k) => k !== 'value')]!, s.regs, params);
  const loc = where.value;
  const addr = where.deps;
  if (prim.kind === 'lock') {
    return [done([ev({ kind: 'R', loc, value: 0, lock: 'LKR', rmwWith: base + 1 }), ev({ kind: 'W', loc, value: 1, lock: 'LKW' })])];
  }
  if (prim.kind === 'unlock') return [done([ev({ kind: 'W', loc, value: 0, lock: 'UL' })])];
  if (prim.kind === 'trylock') {
    const taken = done([ev({ kind: 'R', loc, value: 0, lock: 'LKR', rmwWith: base + 1 }), ev({ kind: 'W', loc, value: 1, lock: 'LKW' })], { value: 1, deps: [base] });
    return [taken, done([ev({ kind: 'R', loc, value: 1, lock: 'LF' })], { value: 0, deps: [base] })];
  }
  if (prim.kind === 'store') {
    const v = evalPure(e.args[1]!, s.regs, params);
    const w = ev({ kind: 'W', loc, value: v.value, tag: prim.order, addr, data: v.deps });
    return [done(prim.mb === true ? [w, ev({ kind: 'F', fence: 'mb' })] : [w])];
  }
  const values = [...(domain.get(loc) ?? [])];
  if (prim.kind === 'load') {
    return values.map((value) => done([ev({ kind: 'R', loc, value, tag: prim.order, addr })], { value, deps: [base] }));
  }
  const order = prim.order;
  const fenced = order === 'mb';
  const rTag = order === 'noreturn' ? 'noreturn' : order === 'acquire' ? 'acquire' : 'once';
  const wTag = order === 'release' ? 'release' : 'once';
  const off = fenced ? 1 : 0;
  const rIndex = base + off;
  const operands = prim.kind === 'cmpxchg' ? [e.args[1]!, e.args[2]!] : prim.operand < 0 ? [] : [e.args[prim.operand]!];
  const ops = operands.map((o) => evalPure(o, s.regs, params));
  const data = union([], ops.flatMap((o) => o.deps));
  return values.map((old) => {
    const result = prim.kind === 'cmpxchg' ? (old === ops[0]!.value ? ops[1]!.value : undefined) : rmwResult(prim.op, old, ops[0]?.value ?? prim.constant ?? 0);
    // A failed cmpxchg is one R*[once]: unordered, but still an RMW event (herd-representation.txt).
    if (result === undefined) return done([ev({ kind: 'R', loc, value: old, tag: 'once', addr, atomic: true })], { value: old, deps: [base] });
    const r = ev({ kind: 'R', loc, value: old, tag: rTag, addr, rmwWith: rIndex + 1, atomic: true });
    // The write's own read is ordered before it by fri (lock.cat's rmw and coherence), not by data.
    const w = ev({ kind: 'W', loc, value: result, tag: wTag, addr, data, atomic: true });
    const mb = ev({ kind: 'F', fence: 'mb' });
    const events = fenced ? [mb, r, w, mb] : [r, w];
    const returned = prim.kind === 'rmw' && prim.returns === 'new' ? result : old;
    return done(events, { value: returned, deps: [rIndex] });
  });
}
