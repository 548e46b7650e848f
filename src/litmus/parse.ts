/**
 * `parseLitmus(text)`: reads a C litmus test in the kernel's tools/memory-model format. Every
 * error is one line starting with `line:col`; primitives outside the subset are refused here.
 */
import { LitmusError, setPosition, type Condition, type InitEntry, type LitmusTest, type Param, type Prop, type Quantifier, type Target, type Thread, type Value } from './ast.js';
import { Cursor, show } from './cursor.js';
import { lex, type Comment } from './lexer.js';
import { CodeParser } from './parse-code.js';

export function parseLitmus(text: string): LitmusTest {
  const lines = text.split('\n');
  const first = lines.findIndex((l) => l.trim().length > 0);
  const head = first < 0 ? '' : lines[first]!.trim();
  const m = /^(\S+)\s+(\S.*)$/.exec(head);
  if (m === null || m[1] !== 'C') {
    const found = m === null ? (head === '' ? 'an empty file' : `'${head}'`) : `architecture '${m[1]}'`;
    throw new LitmusError(first < 0 ? 1 : first + 1, 1, `expected 'C <name>' on the first line (only C litmus tests are supported), found ${found}`);
  }
  const name = m[2]!.trim();
  const { tokens, comments } = lex(lines.slice(first + 1).join('\n'), first + 2);
  const c = new Cursor(tokens);
  const initLine = c.peek().line;
  const doc = comments.find((k) => k.line < initLine && k.style === 'litmus')?.text;
  const init = parseInit(c);
  const threads: Thread[] = [];
  const code = comments.filter((k) => k.style === 'c');
  while (c.peek().kind === 'ident' && /^P\d+$/.test(c.peek().text)) threads.push(parseThread(c, threads.length, code));
  if (threads.length === 0) c.fail(c.peek(), `expected a thread P0(...) after the initial block, found ${show(c.peek())}`);
  let locations: Target[] | undefined;
  if (c.peek().text === 'locations') locations = parseLocations(c);
  const condition = parseCondition(c);
  if (c.peek().kind !== 'eof') c.fail(c.peek(), `unexpected ${show(c.peek())} after the final condition`);
  const test: LitmusTest = { name, init, threads, condition };
  return { ...test, ...(doc === undefined ? {} : { doc }), ...(locations === undefined ? {} : { locations }) };
}

function parseInit(c: Cursor): InitEntry[] {
  c.expect('{', 'to open the initial-value block');
  const out: InitEntry[] = [];
  while (!c.eat('}')) {
    if (c.peek().kind === 'eof') c.fail(c.peek(), "expected '}' to close the initial-value block");
    if (c.eat(';')) continue;
    let type: string | undefined;
    if (c.peek().kind === 'ident' && (c.peek(1).kind === 'ident' || c.is('*', 1))) type = c.next().text;
    let ptr = 0;
    while (c.eat('*')) ptr++;
    const target = parseTarget(c);
    const value = c.eat('=') ? parseValue(c) : undefined;
    if (!c.is('}')) c.expect(';', 'after an initial value');
    const entry: InitEntry = { ptr, name: target.name };
    out.push({
      ...entry,
      ...(type === undefined ? {} : { type }),
      ...(target.thread === undefined ? {} : { thread: target.thread }),
      ...(value === undefined ? {} : { value }),
    });
  }
  return out;
}

function parseThread(c: Cursor, index: number, comments: readonly Comment[]): Thread {
  const head = c.next();
  const id = Number(head.text.slice(1));
  if (id !== index) c.fail(head, `expected thread P${index} here, found ${head.text} (threads are numbered from P0 in order)`);
  c.expect('(', `after ${head.text}`);
  const params: Param[] = [];
  while (!c.eat(')')) {
    if (params.length > 0) c.expect(',', 'between parameters');
    const type = c.ident('a parameter type such as int').text;
    let ptr = 0;
    while (c.eat('*')) ptr++;
    const name = c.ident('a parameter name');
    if (ptr === 0) c.fail(name, `parameter ${name.text} must be a pointer (${type} *${name.text})`);
    params.push({ type, ptr, name: name.text });
  }
  return { id, params, body: new CodeParser(c, comments).block() };
}

function parseLocations(c: Cursor): Target[] {
  c.next();
  c.expect('[', "after 'locations'");
  const out: Target[] = [];
  while (!c.eat(']')) {
    if (c.eat(';')) continue;
    out.push(parseTarget(c));
  }
  return out;
}

function parseCondition(c: Cursor): Condition {
  const t = c.peek();
  let quantifier: Quantifier;
  if (c.eat('~')) {
    if (c.peek().text !== 'exists') c.fail(c.peek(), `expected 'exists' after '~', found ${show(c.peek())}`);
    quantifier = '~exists';
  } else if (t.text === 'exists' || t.text === 'forall') {
    quantifier = t.text;
  } else if (t.text === 'filter') {
    return c.fail(t, "'filter' clauses are outside the supported subset");
  } else {
    return c.fail(t, `expected the final condition (exists, ~exists or forall), found ${show(t)}`);
  }
  c.next();
  return { quantifier, prop: parseOr(c) };
}

function parseOr(c: Cursor): Prop {
  let left = parseAnd(c);
  while (c.eat('\\/')) left = { kind: 'or', left, right: parseAnd(c) };
  return left;
}

function parseAnd(c: Cursor): Prop {
  let left = parseNot(c);
  while (c.eat('/\\')) left = { kind: 'and', left, right: parseNot(c) };
  return left;
}

function parseNot(c: Cursor): Prop {
  if (c.eat('~')) return { kind: 'not', arg: parseNot(c) };
  if (c.eat('(')) {
    const p = parseOr(c);
    c.expect(')', 'to close the parenthesis');
    return p;
  }
  const t = c.peek();
  if (t.kind === 'ident' && (t.text === 'true' || t.text === 'false') && !c.is('=', 1)) {
    c.next();
    return { kind: 'const', value: t.text === 'true' };
  }
  const at = c.peek();
  const target = parseTarget(c);
  if (c.is('!=')) c.fail(c.peek(), "'!=' is not supported in conditions; write ~(x=v)");
  c.expect('=', `after ${target.thread === undefined ? '' : `${target.thread}:`}${target.name}`);
  const atom: Prop = { kind: 'atom', target, value: parseValue(c) };
  setPosition(atom, at.line, at.col);
  return atom;
}

function parseTarget(c: Cursor): Target {
  if (c.peek().kind === 'num' && c.is(':', 1)) {
    const thread = Number(c.next().text);
    c.next();
    return { thread, name: c.ident('a register name').text };
  }
  return { name: c.ident('a location or thread:register').text };
}

function parseValue(c: Cursor): Value {
  if (c.eat('&')) return c.ident('a location after &').text;
  if (c.peek().text === 'ATOMIC_INIT' && c.is('(', 1)) {
    c.next();
    c.next();
    const v = c.number('a value in ATOMIC_INIT');
    c.expect(')', 'after the value of ATOMIC_INIT');
    return v;
  }
  if (c.peek().kind === 'ident') return c.next().text;
  return c.number('a value');
}
