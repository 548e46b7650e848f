/**
 * Tokens of a C litmus test, each with its line and column. `(* ... *)` is a comment only outside
 * parentheses and braces, because inside code `(*x)` is a dereference, as herd7 reads it.
 */
import { LitmusError } from './ast.js';

export type TokenKind = 'ident' | 'num' | 'punct' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly line: number;
  readonly col: number;
}

export interface Comment {
  readonly text: string;
  readonly line: number;
  readonly col: number;
  /** litmus: the header style with parenthesis and star; c: slash-star or double-slash, inside code. */
  readonly style: 'litmus' | 'c';
}

const PUNCTS = ['/\\', '\\/', '==', '!=', '<=', '>=', '&&', '||', '->'];
const SINGLE = '{}()[];,*=&|^+-<>!:%/~.';

export interface Lexed {
  readonly tokens: Token[];
  readonly comments: Comment[];
}

/** Splits `text` (which starts at `firstLine`) into tokens and the comments between them. */
export function lex(text: string, firstLine = 1): Lexed {
  const tokens: Token[] = [];
  const comments: Comment[] = [];
  let i = 0;
  let line = firstLine;
  let lineStart = 0;
  let depth = 0;
  const col = (at: number): number => at - lineStart + 1;
  const advanceTo = (end: number): void => {
    for (; i < end; i++) {
      if (text[i] === '\n') {
        line++;
        lineStart = i + 1;
      }
    }
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n' || c === ' ' || c === '\t' || c === '\r') {
      advanceTo(i + 1);
      continue;
    }
    const two = text.slice(i, i + 2);
    if ((two === '(*' && depth === 0) || two === '/*') {
      const close = two === '(*' ? '*)' : '*/';
      const end = text.indexOf(close, i + 2);
      if (end < 0) throw new LitmusError(line, col(i), `comment opened here is never closed with ${close}`);
      comments.push({ text: text.slice(i + 2, end), line, col: col(i), style: two === '(*' ? 'litmus' : 'c' });
      advanceTo(end + 2);
      continue;
    }
    if (two === '//') {
      const end = text.indexOf('\n', i);
      comments.push({ text: text.slice(i + 2, end < 0 ? text.length : end), line, col: col(i), style: 'c' });
      advanceTo(end < 0 ? text.length : end);
      continue;
    }
    const start = i;
    const at = { line, col: col(i) };
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 200));
    const num = /^(0x[0-9a-fA-F]+|[0-9]+)/.exec(text.slice(i, i + 40));
    if (ident !== null) {
      tokens.push({ kind: 'ident', text: ident[0], ...at });
      i += ident[0].length;
    } else if (num !== null) {
      tokens.push({ kind: 'num', text: num[0], ...at });
      i += num[0].length;
    } else {
      const p = PUNCTS.find((q) => text.startsWith(q, i)) ?? (SINGLE.includes(c) ? c : undefined);
      if (p === undefined) throw new LitmusError(line, col(i), `unexpected character '${c}'`);
      if (p === '(' || p === '{' || p === '[') depth++;
      if (p === ')' || p === '}' || p === ']') depth = Math.max(0, depth - 1);
      tokens.push({ kind: 'punct', text: p, ...at });
      i += p.length;
    }
    if (i === start) throw new LitmusError(line, col(i), 'lexer made no progress');
  }
  tokens.push({ kind: 'eof', text: 'end of file', line, col: col(i) });
  return { tokens, comments };
}
