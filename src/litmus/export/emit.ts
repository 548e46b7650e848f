/**
 * The vocabulary the exporters share: kernel primitives (as src/model/kernel names them) written as
 * the LKMM primitives of linux-kernel.def, C names for model fields, and the pieces of a test.
 */
import type { Expr, InitEntry, Param, Prop, Stmt } from '../ast.js';

/** What a location is declared as: a one-bit flag word touched by set_bit/clear_bit is an atomic_t. */
export type LocType = 'int' | 'atomic_t' | 'spinlock_t';

/** One shared access of a thread, in program order, as the exporter keeps it. */
export type Access =
  | { readonly kind: 'load'; readonly prim: string; readonly loc: string; readonly value: number; readonly comment: string }
  | { readonly kind: 'store'; readonly prim: string; readonly loc: string; readonly value: number; readonly comment: string }
  | { readonly kind: 'atomic'; readonly prim: string; readonly loc: string; readonly comment: string }
  | { readonly kind: 'atomic_return'; readonly prim: string; readonly loc: string; readonly value: number; readonly comment: string }
  | { readonly kind: 'barrier'; readonly prim: string; readonly comment?: string }
  | { readonly kind: 'lock' | 'unlock'; readonly loc: string; readonly comment: string };

/** A kernel field name as a C identifier: `T0.TIF_SYSCALL_AUDIT` becomes `T0_TIF_SYSCALL_AUDIT`. */
export function cName(field: string): string {
  const s = field.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(s) ? `_${s}` : s;
}

const num = (value: number): Expr => ({ kind: 'num', value });
const v = (name: string): Expr => ({ kind: 'var', name });
const deref = (name: string): Expr => ({ kind: 'deref', arg: v(name) });
const call = (name: string, args: readonly Expr[]): Extract<Expr, { kind: 'call' }> => ({ kind: 'call', name, args });

export { num, v as varExpr, call as callExpr };

/** The atomics that are read-modify-writes of a location, which make it an atomic_t. */
export const RMW_PRIMS: ReadonlySet<string> = new Set(['set_bit', 'clear_bit', 'atomic_inc', 'atomic_dec', 'test_and_set_bit', 'atomic_inc_return', 'xchg']);

/** An exporter met a primitive it cannot write as LKMM; the message is one line. */
export class ExportError extends Error {
  override readonly name = 'ExportError';
}

/** The call of a non-returning atomic: set_bit(nr, addr) on a one-bit flag is atomic_or(1, flag). */
export function atomicCall(prim: string, loc: string): Extract<Expr, { kind: 'call' }> {
  switch (prim) {
    case 'set_bit': return call('atomic_or', [num(1), v(loc)]);
    case 'clear_bit': return call('atomic_andnot', [num(1), v(loc)]);
    case 'atomic_inc': return call('atomic_inc', [v(loc)]);
    case 'atomic_dec': return call('atomic_dec', [v(loc)]);
    default: throw new ExportError(`${prim}: no LKMM form for this atomic`);
  }
}

/** The value-returning atomics: test_and_set_bit is a fully ordered fetch_or of the bit. */
function atomicReturnCall(prim: string, loc: string): Extract<Expr, { kind: 'call' }> {
  switch (prim) {
    case 'test_and_set_bit': return call('atomic_fetch_or', [num(1), v(loc)]);
    case 'atomic_inc_return': return call('atomic_inc_return', [v(loc)]);
    default: throw new ExportError(`${prim}: the trace does not record the value it stores, so it cannot be exported`);
  }
}

/** What the register of a value-returning atomic holds, given the old value the trace recorded. */
export function returnedValue(prim: string, old: number): number {
  return prim === 'atomic_inc_return' ? old + 1 : old;
}

/** A load: READ_ONCE (plain reads too: LKMM's subset has marked accesses only), acquire, or atomic_read on an atomic_t. */
export function loadExpr(prim: string, loc: string, type: LocType): Expr {
  const acquire = prim === 'smp_load_acquire';
  if (type === 'atomic_t') return call(acquire ? 'atomic_read_acquire' : 'atomic_read', [v(loc)]);
  return acquire ? call('smp_load_acquire', [v(loc)]) : call('READ_ONCE', [deref(loc)]);
}

/** A store of `value` (a number, or an expression over registers for a data dependency). */
export function storeCall(prim: string, loc: string, value: Expr, type: LocType): Extract<Expr, { kind: 'call' }> {
  const release = prim === 'smp_store_release';
  if (type === 'atomic_t') return call(release ? 'atomic_set_release' : 'atomic_set', [v(loc), value]);
  return release ? call('smp_store_release', [v(loc), value]) : call('WRITE_ONCE', [deref(loc), value]);
}

/**
 * The statement for one access; `reg` names the register of a load or value-returning atomic.
 * Plain kernel accesses become READ_ONCE/WRITE_ONCE, and their comment says they were plain.
 */
export function accessStmt(a: Access, type: (loc: string) => LocType, reg: string | undefined): Stmt {
  switch (a.kind) {
    case 'load':
      return { kind: 'assign', reg: reg!, expr: loadExpr(a.prim, a.loc, type(a.loc)), comment: a.comment };
    case 'store':
      return { kind: 'call', call: storeCall(a.prim, a.loc, num(a.value), type(a.loc)), comment: a.comment };
    case 'atomic':
      return { kind: 'call', call: atomicCall(a.prim, a.loc), comment: a.comment };
    case 'atomic_return':
      return { kind: 'assign', reg: reg!, expr: atomicReturnCall(a.prim, a.loc), comment: a.comment };
    case 'barrier':
      return { kind: 'call', call: call(a.prim, []), ...(a.comment === undefined ? {} : { comment: a.comment }) };
    case 'lock':
      return { kind: 'call', call: call('spin_lock', [v(a.loc)]), comment: a.comment };
    case 'unlock':
      return { kind: 'call', call: call('spin_unlock', [v(a.loc)]), comment: a.comment };
  }
}

/** Whether the access returns a value into a register. */
export const hasRegister = (a: Access): boolean => a.kind === 'load' || a.kind === 'atomic_return';

/** The parameters of a thread: every location it touches, in first-touch order. */
export function params(locs: readonly string[], type: (loc: string) => LocType): Param[] {
  return locs.map((name) => ({ type: type(name), ptr: 1, name }));
}

/** `int r0, r1;` is written one declaration a register, as the parser reads it back. */
export function registerDecls(regs: readonly string[]): Stmt[] {
  return regs.map((name) => ({ kind: 'decl', type: 'int', ptr: 0, name }));
}

/** Initial block: every location typed, with its value when non-zero. */
export function initEntries(locs: readonly string[], type: (loc: string) => LocType, value: (loc: string) => number): InitEntry[] {
  return locs.map((name) => {
    const x = type(name) === 'spinlock_t' ? 0 : value(name);
    return { type: type(name), ptr: 0, name, ...(x === 0 ? {} : { value: x }) };
  });
}

/** `a /\ b /\ ...` of the atoms, left-nested as the parser builds it; `true` when there are none. */
export function conjunction(atoms: readonly Prop[]): Prop {
  if (atoms.length === 0) return { kind: 'const', value: true };
  return atoms.slice(1).reduce<Prop>((l, r) => ({ kind: 'and', left: l, right: r }), atoms[0]!);
}

export function atom(name: string, value: number, thread?: number): Prop {
  return { kind: 'atom', target: thread === undefined ? { name } : { thread, name }, value };
}

/** The header comment (`doc`) from lines, each wrapped at 96 columns; an empty line is a bare ` *`. */
export function docComment(lines: readonly string[]): string {
  const out: string[] = [];
  for (const line of lines) {
    if (line === '') {
      out.push(' *');
      continue;
    }
    let cur = '';
    for (const word of line.split(' ')) {
      if (cur !== '' && cur.length + 1 + word.length > 96) {
        out.push(` * ${cur}`);
        cur = word;
      } else cur = cur === '' ? word : `${cur} ${word}`;
    }
    out.push(` * ${cur}`);
  }
  return `\n${out.join('\n')}\n`;
}
