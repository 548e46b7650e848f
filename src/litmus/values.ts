/** Register values with the reads they depend on, and the arithmetic of expressions and atomics. */
import { Unsupported, type Expr, type Value } from './ast.js';
import type { RmwOp } from './primitives.js';

export interface Reg {
  readonly value: Value;
  /** Local indices of the reads whose values flowed into this one. */
  readonly deps: readonly number[];
}

export function evalPure(e: Expr, regs: ReadonlyMap<string, Reg>, params: ReadonlySet<string>): Reg {
  switch (e.kind) {
    case 'num':
      return { value: e.value, deps: [] };
    case 'var': {
      const r = regs.get(e.name);
      if (r !== undefined) return r;
      if (params.has(e.name)) return { value: e.name, deps: [] };
      return { value: 0, deps: [] };
    }
    case 'unop': {
      const a = evalPure(e.arg, regs, params);
      const v = num(a.value, e.op);
      return { value: e.op === '!' ? (v === 0 ? 1 : 0) : e.op === '-' ? -v : ~v, deps: a.deps };
    }
    case 'binop': {
      const a = evalPure(e.left, regs, params);
      const b = evalPure(e.right, regs, params);
      return { value: binop(e.op, a.value, b.value), deps: [...new Set([...a.deps, ...b.deps])] };
    }
    case 'deref':
    case 'call':
      throw new Unsupported('a memory access inside an expression');
  }
}

function num(v: Value, op: string): number {
  if (typeof v === 'string') throw new Unsupported(`'${op}' on the address ${v}: only == and != apply to addresses`);
  return v;
}

function binop(op: string, a: Value, b: Value): Value {
  if (op === '==') return a === b ? 1 : 0;
  if (op === '!=') return a !== b ? 1 : 0;
  const x = num(a, op);
  const y = num(b, op);
  switch (op) {
    case '+': return x + y;
    case '-': return x - y;
    case '*': return x * y;
    case '/': return y === 0 ? 0 : Math.trunc(x / y);
    case '%': return y === 0 ? 0 : x % y;
    case '&': return x & y;
    case '|': return x | y;
    case '^': return x ^ y;
    case '<': return x < y ? 1 : 0;
    case '<=': return x <= y ? 1 : 0;
    case '>': return x > y ? 1 : 0;
    case '>=': return x >= y ? 1 : 0;
    case '&&': return x !== 0 && y !== 0 ? 1 : 0;
    case '||': return x !== 0 || y !== 0 ? 1 : 0;
    default: throw new Unsupported(`operator ${op}`);
  }
}

export function rmwResult(op: RmwOp, old: Value, operand: Value): Value {
  if (op === 'xchg') return operand;
  const x = num(old, op);
  const y = num(operand, op);
  switch (op) {
    case 'add': return x + y;
    case 'sub': return x - y;
    case 'and': return x & y;
    case 'or': return x | y;
    case 'xor': return x ^ y;
    case 'andnot': return x & ~y;
  }
}
