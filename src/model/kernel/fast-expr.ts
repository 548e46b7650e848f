import type { StateVector } from '../layout.js';
import { ACQUIRES, type Expr, type LockPrim, type Op } from './program.js';
import type { Semantics } from './memory.js';
import type { KernelSystem } from './system.js';


/**
 * A step's guard and body as generated JS functions: V8 then sees straight-line code per step with the
 * slot positions as constants, instead of a tree of shared closures whose call sites go megamorphic.
 * Guards run for every step in every state and bodies for every transition, so this is the search's
 * hottest model code. The generated code is built only from numbers, field ids and the fixed primitive
 * names of ./program.ts: no user text reaches it. Events are not recorded here (reports re-run the
 * closure form of ./compile.ts with a sink); the reference-model tests compare the two paths' states.
 */
export interface GenContext {
  readonly sys: KernelSystem;
  readonly sem: Semantics;
  readonly available: (prim: LockPrim, v: number, max: number) => boolean;
  /** Throws the step's error for an acquisition that would wait inside an atomic step. */
  readonly wouldWait: (lock: number) => never;
}

export function compileGuard(g: GenContext, e: Expr): (s: StateVector) => boolean {
  return new Function('load', `return (s) => ${gen(g, e, 's')} !== 0;`)(g.sem.load) as (s: StateVector) => boolean;
}

/** The body as an Action's `apply(s, n)` (it reads and writes `n`, which starts as a copy of `s`). */
export function compileBody(g: GenContext, ops: readonly Op[]): (s: StateVector, n: Uint32Array) => void {
  const code = ops.map((op) => genOp(g, op)).join('\n');
  const f = new Function('load', 'sem', 'available', 'wouldWait', 'tooBig', `return (_s, n) => {\n${code}\n};`);
  return f(g.sem.load, g.sem, g.available, g.wouldWait, tooBig) as (s: StateVector, n: Uint32Array) => void;
}

function tooBig(name: string, v: number): never {
  throw new RangeError(`field ${name}: value ${v} does not fit`);
}

const read = (g: GenContext, f: number, v: string): string => {
  const { w, sh, m } = g.sys.slot(f as never);
  return `((${v}[${w}] >>> ${sh}) & ${m})`;
};

function write(g: GenContext, f: number, value: string): string {
  const { w, sh, m, name } = g.sys.slot(f as never);
  const clear = (~(m << sh)) >>> 0;
  return `{ const v = ${value}; if (!(v >= 0 && v <= ${m})) tooBig(${JSON.stringify(name)}, v); n[${w}] = ((n[${w}] & ${clear}) | (v << ${sh})) >>> 0; }`;
}

function gen(g: GenContext, x: Expr, v: string): string {
  switch (x.k) {
    case 'const': return String(x.v);
    case 'field': case 'peek': return read(g, x.f, v);
    case 'load': return g.sys.memoryModel === 'sc' ? read(g, x.loc, v) : `load(${v}, ${x.loc})`;
    case 'not': return `(${gen(g, x.a, v)} === 0 ? 1 : 0)`;
    case 'in': return `((${x.mask} >>> ${gen(g, x.a, v)}) & 1)`;
    case 'cond': return `(${gen(g, x.c, v)} !== 0 ? ${gen(g, x.a, v)} : ${gen(g, x.b, v)})`;
    case 'bin': {
      const a = gen(g, x.a, v);
      const b = gen(g, x.b, v);
      switch (x.op) {
        case '==': return `(${a} === ${b} ? 1 : 0)`;
        case '!=': return `(${a} !== ${b} ? 1 : 0)`;
        case '<': return `(${a} < ${b} ? 1 : 0)`;
        case '+': return `(${a} + ${b})`;
        case '-': return `(${a} - ${b})`;
        case 'min': return `Math.min(${a}, ${b})`;
        case '&&': return `(${a} !== 0 && ${b} !== 0 ? 1 : 0)`;
        case '||': return `(${a} !== 0 || ${b} !== 0 ? 1 : 0)`;
      }
    }
  }
}

/**
 * Under sc a store, a non-returning atomic, a barrier or an unlock is a plain write of memory (or
 * nothing): inline it, with the same values as scSemantics in ./memory.ts. Else undefined.
 */
function genScOp(g: GenContext, op: Op): string | undefined {
  if (g.sys.memoryModel !== 'sc') return undefined;
  switch (op.op) {
    case 'store': return write(g, op.loc, gen(g, op.value, 'n'));
    case 'atomic': {
      const old = read(g, op.loc, 'n');
      const value = op.prim === 'set_bit' ? '1' : op.prim === 'clear_bit' ? '0' : op.prim === 'atomic_inc' ? `${old} + 1` : `${old} - 1`;
      return write(g, op.loc, value);
    }
    case 'barrier': return '';
    case 'lock':
      if (op.lock === undefined || ACQUIRES.has(op.prim)) return undefined;
      return write(g, op.lock, op.prim === 'read_unlock' ? `${read(g, op.lock, 'n')} - 1` : '0');
    default: return undefined;
  }
}

/** One op as statements over `n` (the successor being written; the body reads it too). */
function genOp(g: GenContext, op: Op): string {
  const q = (p: string) => JSON.stringify(p);
  const sc = genScOp(g, op);
  if (sc !== undefined) return sc;
  switch (op.op) {
    case 'set': return write(g, op.f, gen(g, op.value, 'n'));
    case 'if': {
      const t = op.then.map((o) => genOp(g, o)).join('\n');
      const e = op.else.map((o) => genOp(g, o)).join('\n');
      return `if (${gen(g, op.cond, 'n')} !== 0) {\n${t}\n} else {\n${e}\n}`;
    }
    case 'store': return `sem.store(n, ${op.loc}, ${gen(g, op.value, 'n')}, ${op.prim === 'smp_store_release'});`;
    case 'atomic': return `sem.atomic(n, ${op.loc}, ${q(op.prim)});`;
    case 'atomic_return':
      return `{ const old = sem.atomicReturn(n, ${op.loc}, ${q(op.prim)}, ${gen(g, op.value, 'n')}); ${write(g, op.into, 'old')} }`;
    case 'barrier': return `sem.barrier(n, ${q(op.prim)});`;
    case 'lock': {
      if (op.lock === undefined) return '';
      const ordered = op.unordered !== true;
      if (ACQUIRES.has(op.prim)) {
        const max = g.sys.slot(op.lock).m;
        return `if (!available(${q(op.prim)}, load(n, ${op.lock}), ${max})) wouldWait(${op.lock});\nsem.acquire(n, ${op.lock}, ${q(op.prim)}, ${ordered});`;
      }
      return `sem.unlock(n, ${op.lock}, ${q(op.prim)}, ${ordered});`;
    }
  }
}
