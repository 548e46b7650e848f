/**
 * The parser reads the kernel's format and refuses, with line:col, what the checker does not
 * support; the checker's refusals of well-formed tests also name the line.
 */
import { describe, expect, it } from 'vitest';
import { LitmusError } from './ast.js';
import { checkLitmus } from './check.js';
import { parseLitmus } from './parse.js';

const wrap = (body: string, exists = 'exists (0:r0=1)', init = '{}'): string => `C t\n\n${init}\n\nP0(int *x, int *y)\n{\n\tint r0;\n${body}\n}\n\n${exists}\n`;

function error(text: string, check = false): string {
  try {
    const t = parseLitmus(text);
    if (check) checkLitmus(t);
  } catch (e) {
    if (e instanceof LitmusError) return e.message;
    throw e;
  }
  throw new Error('no error');
}

describe('parseLitmus', () => {
  it('reads the kernel layout: header comment, typed initial block, locations line, ctrl dependency', () => {
    const t = parseLitmus(
      'C LB+x\n\n(*\n * Result: Never\n *)\n\n{\n\tint x;\n\tint y=1;\n\tspinlock_t l;\n\t0:r0=2;\n}\n\n' +
        'P0(int *x, int *y)\n{\n\tint r0;\n\n\tr0 = READ_ONCE(*x);\n\tif (r0)\n\t\tWRITE_ONCE(*y, 1);\n}\n\n' +
        'locations [x; y] (* aid *)\nexists (0:r0=1 /\\ ~y=1 \\/ x=0)\n',
    );
    expect(t.doc).toBe('\n * Result: Never\n ');
    expect(t.init).toEqual([
      { type: 'int', ptr: 0, name: 'x' },
      { type: 'int', ptr: 0, name: 'y', value: 1 },
      { type: 'spinlock_t', ptr: 0, name: 'l' },
      { ptr: 0, thread: 0, name: 'r0', value: 2 },
    ]);
    expect(t.threads[0]!.body[2]).toMatchObject({ kind: 'if', cond: { kind: 'var', name: 'r0' }, then: [{ kind: 'call', call: { name: 'WRITE_ONCE' } }] });
    expect(t.locations).toEqual([{ name: 'x' }, { name: 'y' }]);
    // /\ binds tighter than \/, and ~ tighter than /\.
    expect(t.condition.prop).toMatchObject({ kind: 'or', left: { kind: 'and', right: { kind: 'not' } }, right: { kind: 'atom' } });
  });

  it.each([
    ['a missing C header', 'X86 t\n{}\nP0(int *x) {}\nexists (x=1)\n', /^1:1: expected 'C <name>'.*architecture 'X86'/],
    ['an unknown primitive', wrap('\tfrob(x);'), /^8:2: unknown primitive frob/],
    ['RCU', wrap('\trcu_read_lock();'), /^8:2: rcu_read_lock: RCU is outside the supported subset/],
    ['SRCU', wrap('\tr0 = srcu_read_lock(x);'), /^8:7: srcu_read_lock: SRCU is outside/],
    ['spin_is_locked', wrap('\tr0 = spin_is_locked(x);'), /^8:7: spin_is_locked: lock-state queries are outside the supported subset/],
    ['a plain store', wrap('\t*x = 1;'), /^8:2: plain \(unmarked\) accesses are outside the supported subset/],
    ['a plain load', wrap('\tr0 = *x;'), /^8:7: plain \(unmarked\) accesses/],
    ['a loop', wrap('\twhile (r0) r0 = 0;'), /^8:2: 'while' is outside the supported subset/],
    ['a wrong argument count', wrap('\tWRITE_ONCE(*x);'), /^8:15: expected ',' between the arguments of WRITE_ONCE/],
    ['a pointer where a location is due', wrap('\tr0 = READ_ONCE(x);'), /^8:17: the first argument of READ_ONCE is a location such as \*x/],
    ['a non-returning call used as a value', wrap('\tr0 = atomic_inc(x);'), /^8:7: atomic_inc returns no value/],
    ['a missing semicolon', wrap('\tr0 = READ_ONCE(*x)'), /^9:1: expected ';' after the assignment, found '}'/],
    ['a filter clause', wrap('', 'filter (x=1)'), /^11:1: 'filter' clauses are outside/],
    ['an unclosed comment', 'C t\n(* oops\n{}\n', /^2:1: comment opened here is never closed/],
  ])('refuses %s with line:col', (_what, text, re) => {
    expect(error(text)).toMatch(re);
  });

  it.each([
    ['a lock touched by READ_ONCE', wrap('\tr0 = READ_ONCE(*l);').replace('int *y', 'spinlock_t *l'), /^8:7: READ_ONCE\(\*l\): l is a spinlock/],
    ['an unlock of a lock not held', wrap('\tspin_unlock(l);').replace('int *y', 'spinlock_t *l'), /^8:2: spin_unlock\(l\) releases l, which the thread does not hold/],
    ['a register no thread has', wrap('\tr0 = READ_ONCE(*x);', 'exists (0:r7=1)'), /^11:9: the condition names 0:r7, but P0 has no register r7/],
    ['the final value of a lock', wrap('\tspin_lock(l);\n\tspin_unlock(l);', 'exists (l=0)').replace('int *y', 'spinlock_t *l'), /^12:9: the condition tests the spinlock l/],
    ['a value used as an address', wrap('\tr0 = READ_ONCE(*x);\n\tr0 = READ_ONCE(*r0);'), /^9:7: READ_ONCE\(\*r0\): \*r0 does not hold an address/],
  ])('the checker refuses %s, naming the line', (_what, text, re) => {
    expect(error(text, true)).toMatch(re);
  });

  it('reads atomic_t initial values written with ATOMIC_INIT', () => {
    const t = parseLitmus(wrap('\tr0 = atomic_read(x);', 'exists (0:r0=3)', '{\n\tatomic_t x = ATOMIC_INIT(3);\n}').replace('\n\nP0', '\nP0'));
    expect(t.init).toEqual([{ type: 'atomic_t', ptr: 0, name: 'x', value: 3 }]);
    expect(checkLitmus(t).result).toBe('Always');
  });

  it('keeps the C comment after a statement, as the exporter writes them', () => {
    const t = parseLitmus(wrap('\tr0 = READ_ONCE(*x);\t/* audit_n_rules */\n\tWRITE_ONCE(*y, 1); // set_bit\n\t/* own line */\n\tsmp_mb();'));
    expect(t.threads[0]!.body.map((s) => (s.kind === 'if' ? undefined : s.comment))).toEqual([undefined, 'audit_n_rules', 'set_bit', undefined]);
  });
});

describe('checkLitmus', () => {
  const mp = (writer: string, reader: string): string =>
    `C MP\n\n{}\n\nP0(int *x, int *y)\n{\n\tWRITE_ONCE(*x, 1);\n${writer}\tWRITE_ONCE(*y, 1);\n}\n\nP1(int *x, int *y)\n{\n\tint r0;\n\tint r1;\n\n\tr0 = READ_ONCE(*y);\n${reader}\tr1 = READ_ONCE(*x);\n}\n\nexists (1:r0=1 /\\ 1:r1=0)\n`;

  it('gives an Allowed test a witness that reaches the condition', () => {
    const r = checkLitmus(parseLitmus(mp('', '')));
    expect(r.verdict).toBe('Allowed');
    expect(r.witness?.regs).toEqual(new Map([['1:r0', 1], ['1:r1', 0]]));
    // The witness reads y=1 from P0's store and x=0 from the initial write.
    const read = (loc: string) => r.witness!.events.find((e) => e.thread === 1 && e.loc === loc)!;
    const from = (id: number) => r.witness!.events[r.witness!.rf.pairs().find(([, b]) => b === id)![0]]!;
    expect(from(read('y').id).thread).toBe(0);
    expect(from(read('x').id).thread).toBe(-1);
  });

  it('names the axiom and a cycle for a Forbidden test', () => {
    const r = checkLitmus(parseLitmus(mp('\tsmp_wmb();\n', '\tsmp_rmb();\n')));
    expect(r.verdict).toBe('Forbidden');
    expect(r.forbiddenBy).toEqual({ 'happens-before': 1 });
    const cycle = r.example!.failure.cycle;
    // The reader's rmb orders its loads; prop runs from the x load back to the y load through
    // fre to P0's x store, its wmb, and rfe of y.
    expect(cycle.map((e) => e.label).sort()).toEqual(['ppo:rmb', 'prop & int']);
    expect(cycle[cycle.length - 1]!.to).toBe(cycle[0]!.from);
  });

  it('reads forall as the question whether its negation can happen', () => {
    const text = mp('\tsmp_wmb();\n', '\tsmp_rmb();\n').replace('exists (1:r0=1 /\\ 1:r1=0)', 'forall (~(1:r0=1 /\\ 1:r1=0))');
    expect(checkLitmus(parseLitmus(text)).verdict).toBe('Forbidden');
    expect(checkLitmus(parseLitmus(text.replace('\tsmp_rmb();\n', ''))).verdict).toBe('Allowed');
  });
});
