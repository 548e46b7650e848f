/**
 * Thread bodies: statements and expressions, checked against the supported subset as they are
 * read, so that every refusal names the line and column of the primitive or access at fault.
 */
import { setPosition, type BinOp, type Expr, type Stmt } from './ast.js';
import { Cursor, show } from './cursor.js';
import type { Comment, Token } from './lexer.js';
import { primitive, refusal, type ArgKind } from './primitives.js';

type Call = Extract<Expr, { kind: 'call' }>;

const LEVELS: readonly (readonly BinOp[])[] = [
  ['||'],
  ['&&'],
  ['|'],
  ['^'],
  ['&'],
  ['==', '!='],
  ['<', '<=', '>', '>='],
  ['+', '-'],
  ['*', '/', '%'],
];

export const TYPE_NAMES = new Set(['int', 'atomic_t', 'spinlock_t', 'long', 'unsigned', 'intptr_t', 'u32', 'u64']);
const PLAIN = 'plain (unmarked) accesses are outside the supported subset (data races are not checked); use READ_ONCE/WRITE_ONCE';

export class CodeParser {
  constructor(
    private readonly c: Cursor,
    private readonly comments: readonly Comment[] = [],
  ) {}

  /** `s` with the C comment that follows `end` (its `;`) on the same line, if any. */
  private commented<S extends Stmt>(s: S, end: Token): S {
    const k = this.comments.find((m) => m.line === end.line && m.col > end.col);
    const text = k?.text.trim();
    return text === undefined || text === '' ? s : { ...s, comment: text };
  }

  block(): Stmt[] {
    this.c.expect('{', 'to open a block');
    const out: Stmt[] = [];
    while (!this.c.is('}')) {
      if (this.c.peek().kind === 'eof') this.c.fail(this.c.peek(), "expected '}' to close the block");
      out.push(...this.statement());
    }
    this.c.next();
    return out;
  }

  /** One statement; a nested `{ }` block is flattened into its statements. */
  private statement(): Stmt[] {
    const t = this.c.peek();
    if (t.text === '{' && t.kind === 'punct') return this.block();
    if (t.kind === 'punct' && t.text === '*') this.c.fail(t, PLAIN);
    if (t.kind !== 'ident') this.c.fail(t, `expected a statement, found ${show(t)}`);
    if (['while', 'for', 'do', 'goto', 'return', 'switch'].includes(t.text)) {
      this.c.fail(t, `'${t.text}' is outside the supported subset (straight-line code with if/else only)`);
    }
    if (t.text === 'if') return [this.ifStatement()];
    if (TYPE_NAMES.has(t.text) && (this.c.peek(1).kind === 'ident' || this.c.is('*', 1))) return this.declaration();
    if (this.c.is('=', 1)) {
      const reg = this.c.next().text;
      this.c.next();
      const expr = this.rhs();
      const end = this.c.expect(';', 'after the assignment');
      return [this.commented({ kind: 'assign', reg, expr }, end)];
    }
    if (this.c.is('(', 1)) {
      const call = this.call(false);
      const end = this.c.expect(';', 'after the call');
      return [this.commented({ kind: 'call', call }, end)];
    }
    return this.c.fail(this.c.peek(1), `expected '=' or '(' after '${t.text}', found ${show(this.c.peek(1))}`);
  }

  private declaration(): Stmt[] {
    const type = this.c.next().text;
    const out: Stmt[] = [];
    do {
      let ptr = 0;
      while (this.c.eat('*')) ptr++;
      const name = this.c.ident('a register name').text;
      const init = this.c.eat('=') ? this.rhs() : undefined;
      out.push(init === undefined ? { kind: 'decl', type, ptr, name } : { kind: 'decl', type, ptr, name, init });
    } while (this.c.eat(','));
    const end = this.c.expect(';', 'after the declaration');
    // A comment after `int a, b;` belongs to the last declaration on the line.
    return out.map((d, i) => (i === out.length - 1 ? this.commented(d, end) : d));
  }

  private ifStatement(): Stmt {
    this.c.next();
    this.c.expect('(', "after 'if'");
    const cond = this.pure();
    this.c.expect(')', 'to close the condition');
    const then = this.branch();
    if (this.c.peek().text === 'else' && this.c.peek().kind === 'ident') {
      this.c.next();
      return { kind: 'if', cond, then, else: this.branch() };
    }
    return { kind: 'if', cond, then };
  }

  private branch(): Stmt[] {
    return this.c.is('{') ? this.block() : this.statement();
  }

  /** The right-hand side of an assignment: one primitive call, or an expression over registers. */
  private rhs(): Expr {
    if (this.c.peek().kind === 'ident' && this.c.is('(', 1)) return this.call(true);
    return this.pure();
  }

  private call(valueWanted: boolean): Call {
    const nameTok = this.c.next();
    const name = nameTok.text;
    const prim = primitive(name);
    if (prim === undefined) this.c.fail(nameTok, refusal(name));
    const returns = prim.kind === 'load' || prim.kind === 'cmpxchg' || prim.kind === 'trylock' || (prim.kind === 'rmw' && prim.returns !== 'none');
    if (valueWanted && !returns) this.c.fail(nameTok, `${name} returns no value`);
    this.c.expect('(', `after ${name}`);
    const args: Expr[] = [];
    prim.args.forEach((kind, i) => {
      if (i > 0) this.c.expect(',', `between the arguments of ${name} (it takes ${prim.args.length})`);
      args.push(this.argument(kind, name));
    });
    if (!this.c.is(')')) this.c.fail(this.c.peek(), `expected ')' after the ${prim.args.length} argument(s) of ${name}, found ${show(this.c.peek())}`);
    this.c.next();
    const node: Call = { kind: 'call', name, args };
    setPosition(node, nameTok.line, nameTok.col);
    return node;
  }

  private argument(kind: ArgKind, name: string): Expr {
    const t = this.c.peek();
    if (kind === 'lvalue') {
      if (!this.c.eat('*')) this.c.fail(t, `the first argument of ${name} is a location such as *x, found ${show(t)}`);
      return { kind: 'deref', arg: { kind: 'var', name: this.c.ident(`a pointer after '*' in ${name}`).text } };
    }
    if (kind === 'pointer') {
      if (this.c.eat('&')) this.c.fail(t, `pass the pointer itself to ${name} (x, not &x)`);
      return { kind: 'var', name: this.c.ident(`a pointer argument of ${name}`).text };
    }
    return this.pure();
  }

  /** An expression over registers and constants: no memory access inside. */
  pure(level = 0): Expr {
    const ops = LEVELS[level];
    if (ops === undefined) return this.unary();
    let left = this.pure(level + 1);
    for (;;) {
      const t = this.c.peek();
      const op = ops.find((o) => t.kind === 'punct' && t.text === o);
      if (op === undefined) return left;
      this.c.next();
      left = { kind: 'binop', op, left, right: this.pure(level + 1) };
    }
  }

  private unary(): Expr {
    const t = this.c.peek();
    if (t.kind === 'punct' && (t.text === '!' || t.text === '-' || t.text === '~')) {
      this.c.next();
      const arg = this.unary();
      if (t.text === '-' && arg.kind === 'num') return { kind: 'num', value: -arg.value };
      return { kind: 'unop', op: t.text, arg };
    }
    if (t.kind === 'punct' && t.text === '*') this.c.fail(t, PLAIN);
    if (t.kind === 'punct' && t.text === '(') {
      this.c.next();
      const e = this.pure();
      this.c.expect(')', 'to close the parenthesis');
      return e;
    }
    if (t.kind === 'num') return { kind: 'num', value: Number(this.c.next().text) };
    if (t.kind === 'ident') {
      if (this.c.is('(', 1)) this.c.fail(t, `${t.text}(...) must be the whole right-hand side of an assignment to a register`);
      return { kind: 'var', name: this.c.next().text };
    }
    return this.c.fail(t, `expected an expression, found ${show(t)}`);
  }
}
