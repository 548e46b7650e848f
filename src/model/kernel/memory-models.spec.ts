/**
 * The memory semantics of the kernel primitives on textbook litmus shapes, each with and without the
 * barrier that forbids its outcome. `true` = the outcome is reachable (Allowed). Where our
 * store-reordering model is stronger than LKMM (it never reorders loads: MP without smp_rmb, LB) the
 * row says so; a `holds` under it is not an LKMM proof (docs/memory-models.md).
 */
import { describe, expect, it } from 'vitest';
import type { StateVector } from '../layout.js';
import { buildLitmus, type LitmusShape, type Names } from './litmus.fixture.js';
import { MEMORY_MODELS, type MemoryModelName } from './memory.js';
import {
  READ_ONCE, WRITE_ONCE, clear_bit, field, if_, set, set_bit, spin_lock, spin_unlock, type BarrierPrim, type Op,
} from './program.js';

type Instr = (n: Names) => Op[];
const W = (loc: string, v: number): Instr => (n) => [WRITE_ONCE(n.loc(loc), v)];
const R = (t: number, reg: string, loc: string): Instr => (n) => [set(n.reg(t, reg), READ_ONCE(n.loc(loc)))];
const B = (b: BarrierPrim | undefined): Instr[] => (b === undefined ? [] : [() => [{ op: 'barrier', prim: b }]]);

interface Case {
  readonly shape: LitmusShape;
  readonly outcome: (s: StateVector, get: (name: string) => number) => boolean;
  /** Allowed under sc, x86-tso, store-reordering. */
  readonly expect: readonly [boolean, boolean, boolean];
}

function allowed(c: Case, model: MemoryModelName, depth = 2): boolean {
  const run = buildLitmus(c.shape, model, depth);
  return run.finals().some((s) => c.outcome(s, (name) => run.sys.read(s, run.sys.layout.field(name))));
}

const sb = (b0?: BarrierPrim, b1?: BarrierPrim): LitmusShape => ({
  locs: ['x', 'y'], regs: [['r0'], ['r0']],
  threads: [[W('x', 1), ...B(b0), R(0, 'r0', 'y')], [W('y', 1), ...B(b1), R(1, 'r0', 'x')]],
});
const mp = (b0?: BarrierPrim, b1?: BarrierPrim): LitmusShape => ({
  locs: ['x', 'y'], regs: [[], ['r0', 'r1']],
  threads: [[W('x', 1), ...B(b0), W('y', 1)], [R(1, 'r0', 'y'), ...B(b1), R(1, 'r1', 'x')]],
});
const lb = (b?: BarrierPrim): LitmusShape => ({
  locs: ['x', 'y'], regs: [['r0'], ['r0']],
  threads: [[R(0, 'r0', 'x'), ...B(b), W('y', 1)], [R(1, 'r0', 'y'), ...B(b), W('x', 1)]],
});
const r = (b?: BarrierPrim): LitmusShape => ({
  locs: ['x', 'y'], regs: [[], ['r0']],
  threads: [[W('x', 1), ...B(b), W('y', 1)], [W('y', 2), ...B(b), R(1, 'r0', 'x')]],
});
const w22 = (b?: BarrierPrim): LitmusShape => ({
  locs: ['x', 'y'], threads: [[W('x', 1), ...B(b), W('y', 2)], [W('y', 1), ...B(b), W('x', 2)]],
});

const SB = (s: StateVector, g: (n: string) => number) => g('P0.r0') === 0 && g('P1.r0') === 0;
const CASES: Record<string, Case> = {
  'SB': { shape: sb(), outcome: SB, expect: [false, true, true] },
  'SB+mbs': { shape: sb('smp_mb', 'smp_mb'), outcome: SB, expect: [false, false, false] },
  'SB+wmbs (smp_wmb orders no store before a load)': { shape: sb('smp_wmb', 'smp_wmb'), outcome: SB, expect: [false, true, true] },
  'MP': { shape: mp(), outcome: (_s, g) => g('P1.r0') === 1 && g('P1.r1') === 0, expect: [false, false, true] },
  'MP+wmb (LKMM also needs smp_rmb: our loads stay in order)': {
    shape: mp('smp_wmb'), outcome: (_s, g) => g('P1.r0') === 1 && g('P1.r1') === 0, expect: [false, false, false],
  },
  'MP+wmb+rmb': { shape: mp('smp_wmb', 'smp_rmb'), outcome: (_s, g) => g('P1.r0') === 1 && g('P1.r1') === 0, expect: [false, false, false] },
  'LB (LKMM allows it; no model here reorders a load after a store)': {
    shape: lb(), outcome: (_s, g) => g('P0.r0') === 1 && g('P1.r0') === 1, expect: [false, false, false],
  },
  'R': { shape: r(), outcome: (_s, g) => g('y') === 2 && g('P1.r0') === 0, expect: [false, true, true] },
  'R+mbs': { shape: r('smp_mb'), outcome: (_s, g) => g('y') === 2 && g('P1.r0') === 0, expect: [false, false, false] },
  '2+2W': { shape: w22(), outcome: (_s, g) => g('x') === 1 && g('y') === 1, expect: [false, false, true] },
  '2+2W+wmbs': { shape: w22('smp_wmb'), outcome: (_s, g) => g('x') === 1 && g('y') === 1, expect: [false, false, false] },
};

describe('textbook litmus shapes under each memory model', () => {
  for (const [name, c] of Object.entries(CASES)) {
    it(name, () => {
      expect(MEMORY_MODELS.map((m) => allowed(c, m))).toEqual([...c.expect]);
      // A deeper buffer adds no behaviour to these two-store threads.
      expect(allowed(c, 'store-reordering', 3)).toBe(c.expect[2]);
    });
  }
});

/**
 * The racing paths of the audit repair as issue 9's LKMM table states them. P0 is inc_n_rules:
 * audit_n_rules = 1, then the walk's set_tsk_thread_flag. P1 is the exit tail: clear_thread_flag,
 * a barrier, READ_ONCE(audit_n_rules), set_thread_flag if non-zero. Bad: flag == 0 and the read saw 0.
 */
type Side = BarrierPrim | 'lock-set' | 'same-lock' | 'two-locks' | undefined;
function auditPair(p0: Side, p1: BarrierPrim | undefined, clear: 'clear_bit' | 'WRITE_ONCE' = 'clear_bit'): Case {
  const inc: Instr = (n) => [WRITE_ONCE(n.loc('n'), 1)];
  const setFlag: Instr = (n) => [set_bit(n.loc('flag'), 'set_tsk_thread_flag')];
  const locked = (lock: string, i: Instr): Instr[] => [(n) => [spin_lock(n.loc(lock))], i, (n) => [spin_unlock(n.loc(lock))]];
  const P0: Instr[] =
    p0 === 'lock-set' ? [inc, ...locked('tl', setFlag)]
      : p0 === 'same-lock' ? [...locked('tl', inc), ...locked('tl', setFlag)]
        : p0 === 'two-locks' ? [...locked('m', inc), ...locked('tl', setFlag)]
          // smp_mb__before_atomic() is part of the atomic's own step (it orders around that atomic only).
          : p0 === 'smp_mb__before_atomic' ? [inc, (n) => [...B(p0)[0]!(n), ...setFlag(n)]]
            : [inc, ...B(p0), setFlag];
  const clr: Instr = (n) => [clear === 'clear_bit' ? clear_bit(n.loc('flag'), 'clear_thread_flag') : WRITE_ONCE(n.loc('flag'), 0)];
  const P1: Instr[] = [
    ...(p1 === 'smp_mb__after_atomic' ? [(n: Names) => [...clr(n), ...B(p1)[0]!(n)]] : [clr, ...B(p1)]),
    (n) => [set(n.reg(1, 'r0'), READ_ONCE(n.loc('n')))],
    (n) => [if_(field(n.reg(1, 'r0')), [set_bit(n.loc('flag'), 'set_thread_flag')])],
  ];
  return {
    shape: { locs: ['n', 'flag'], locks: { tl: 'spinlock', m: 'spinlock' }, regs: [[], ['r0']], threads: [P0, P1] },
    outcome: (_s, g) => g('flag') === 0 && g('P1.r0') === 0,
    expect: [false, false, false],
  };
}

describe("issue 9's LKMM table on the audit pair, under store-reordering", () => {
  const ROWS: [Side, BarrierPrim | undefined, boolean][] = [
    [undefined, undefined, true], [undefined, 'smp_mb', true],
    ['smp_mb', undefined, true], ['smp_mb', 'smp_wmb', true], ['smp_mb', 'smp_rmb', true],
    ['lock-set', 'smp_mb', true],
    // LKMM's current lock rules (po-unlock-lock-po) forbid this one; ours, like the older model, allow it.
    ['two-locks', 'smp_mb', true],
    ['same-lock', 'smp_mb', false],
    ['smp_mb', 'smp_mb', false], ['smp_wmb', 'smp_mb', false], ['smp_mb__before_atomic', 'smp_mb', false],
    ['smp_mb', 'smp_mb__after_atomic', false], ['smp_wmb', 'smp_mb__after_atomic', false],
    ['smp_mb__before_atomic', 'smp_mb__after_atomic', false],
  ];
  for (const [p0, p1, bad] of ROWS) {
    it(`P0 ${p0 ?? 'nothing'}, P1 ${p1 ?? 'nothing'}: ${bad ? 'allowed' : 'forbidden'}`, () => {
      const c = auditPair(p0, p1);
      // Depth 3 holds all of P0's stores (the count, an unlock, the set): no overflow cuts a reordering.
      expect(allowed(c, 'store-reordering', 3)).toBe(bad);
      expect(allowed(c, 'sc')).toBe(false);
      // x86: the bit operations are locked instructions, so no barrier is needed.
      expect(allowed(c, 'x86-tso')).toBe(false);
    });
  }
  it('x86-tso allows it when the clear is a plain store with no mfence, and smp_mb forbids it', () => {
    expect(allowed(auditPair(undefined, undefined, 'WRITE_ONCE'), 'x86-tso')).toBe(true);
    expect(allowed(auditPair(undefined, 'smp_mb', 'WRITE_ONCE'), 'x86-tso')).toBe(false);
  });
});
