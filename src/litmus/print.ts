/**
 * `printLitmus(test)`: the C litmus text of a test, in the layout of the kernel's litmus-tests
 * (tabs, one statement a line), such that `parseLitmus(printLitmus(t))` equals `t`.
 */
import type { Condition, Expr, InitEntry, LitmusTest, Prop, Stmt, Target, Thread, Value } from './ast.js';

const PREC: Readonly<Record<string, number>> = {
  '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '<': 7, '<=': 7, '>': 7, '>=': 7, '+': 8, '-': 8, '*': 9, '/': 9, '%': 9,
};

export function printLitmus(t: LitmusTest): string {
  const out: string[] = [`C ${t.name}`, ''];
  if (t.doc !== undefined) out.push(`(*${t.doc}*)`, '');
  out.push(printInit(t.init), '');
  for (const th of t.threads) out.push(...printThread(th), '');
  if (t.locations !== undefined) out.push(`locations [${t.locations.map((l) => `${printTarget(l)};`).join(' ')}]`);
  out.push(printCondition(t.condition));
  return `${out.join('\n')}\n`;
}

export function printCondition(c: Condition): string {
  return `${c.quantifier} (${printProp(c.prop, 0)})`;
}

function printInit(init: readonly InitEntry[]): string {
  if (init.length === 0) return '{}';
  const entries = init.map((e) => {
    const type = e.type === undefined ? '' : `${e.type} `;
    const target = printTarget(e);
    const value = e.value === undefined ? '' : `=${printValue(e.value)}`;
    return `\t${type}${'*'.repeat(e.ptr)}${target}${value};`;
  });
  return ['{', ...entries, '}'].join('\n');
}

function printThread(th: Thread): string[] {
  const params = th.params.map((p) => `${p.type} ${'*'.repeat(p.ptr)}${p.name}`).join(', ');
  return [`P${th.id}(${params})`, '{', ...printBlock(th.body, 1), '}'];
}

function printBlock(body: readonly Stmt[], depth: number): string[] {
  return body.flatMap((s) => printStmt(s, depth));
}

function printStmt(s: Stmt, depth: number): string[] {
  const tab = '\t'.repeat(depth);
  const note = s.kind !== 'if' && s.comment !== undefined ? `\t/* ${s.comment} */` : '';
  switch (s.kind) {
    case 'decl':
      return [`${tab}${s.type} ${'*'.repeat(s.ptr)}${s.name}${s.init === undefined ? '' : ` = ${printExpr(s.init, 0)}`};${note}`];
    case 'assign':
      return [`${tab}${s.reg} = ${printExpr(s.expr, 0)};${note}`];
    case 'call':
      return [`${tab}${printExpr(s.call, 0)};${note}`];
    case 'if': {
      // Braces always: an else after an unbraced nested if would otherwise bind differently.
      const lines = [`${tab}if (${printExpr(s.cond, 0)}) {`, ...printBlock(s.then, depth + 1)];
      if (s.else !== undefined) lines.push(`${tab}} else {`, ...printBlock(s.else, depth + 1));
      lines.push(`${tab}}`);
      return lines;
    }
  }
}

/** `min` is the lowest precedence that may appear here without parentheses. */
export function printExpr(e: Expr, min: number): string {
  switch (e.kind) {
    case 'num':
      return e.value < 0 && min > 0 ? `(${e.value})` : String(e.value);
    case 'var':
      return e.name;
    case 'deref':
      return `*${printExpr(e.arg, 10)}`;
    case 'unop':
      return `${e.op}${printExpr(e.arg, 10)}`;
    case 'call':
      return `${e.name}(${e.args.map((a) => printExpr(a, 0)).join(', ')})`;
    case 'binop': {
      const p = PREC[e.op]!;
      const text = `${printExpr(e.left, p)} ${e.op} ${printExpr(e.right, p + 1)}`;
      return p < min ? `(${text})` : text;
    }
  }
}

/** Precedence: \/ is 1, /\ is 2, ~ and atoms 3. */
function printProp(p: Prop, min: number): string {
  switch (p.kind) {
    case 'atom':
      return `${printTarget(p.target)}=${printValue(p.value)}`;
    case 'const':
      return String(p.value);
    case 'not':
      return `~${printProp(p.arg, 3)}`;
    case 'and':
    case 'or': {
      const prec = p.kind === 'or' ? 1 : 2;
      const text = `${printProp(p.left, prec)} ${p.kind === 'or' ? '\\/' : '/\\'} ${printProp(p.right, prec + 1)}`;
      return prec < min ? `(${text})` : text;
    }
  }
}

export function printTarget(t: Target): string {
  return t.thread === undefined ? t.name : `${t.thread}:${t.name}`;
}

export function printValue(v: Value): string {
  return String(v);
}
