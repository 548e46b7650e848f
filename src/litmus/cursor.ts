/** A cursor over the tokens, with errors that name the line and column of the offending token. */
import { LitmusError } from './ast.js';
import type { Token } from './lexer.js';

export class Cursor {
  private at = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.at + ahead, this.tokens.length - 1)]!;
  }

  next(): Token {
    const t = this.peek();
    if (this.at < this.tokens.length - 1) this.at++;
    return t;
  }

  /** True (and consumed) when the next token is `text`. */
  eat(text: string): boolean {
    const t = this.peek();
    if (t.kind !== 'eof' && t.text === text) {
      this.next();
      return true;
    }
    return false;
  }

  is(text: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind !== 'eof' && t.text === text;
  }

  expect(text: string, what?: string): Token {
    const t = this.peek();
    if (t.kind === 'eof' || t.text !== text) this.fail(t, `expected '${text}'${what === undefined ? '' : ` ${what}`}, found ${show(t)}`);
    return this.next();
  }

  ident(what: string): Token {
    const t = this.peek();
    if (t.kind !== 'ident') this.fail(t, `expected ${what}, found ${show(t)}`);
    return this.next();
  }

  number(what: string): number {
    const t = this.peek();
    const negative = t.kind === 'punct' && t.text === '-';
    const n = negative ? this.peek(1) : t;
    if (n.kind !== 'num') this.fail(n, `expected ${what}, found ${show(n)}`);
    if (negative) this.next();
    this.next();
    const v = Number(n.text);
    return negative ? -v : v;
  }

  fail(t: Token, problem: string): never {
    throw new LitmusError(t.line, t.col, problem);
  }
}

export function show(t: Token): string {
  return t.kind === 'eof' ? 'the end of the file' : `'${t.text}'`;
}
