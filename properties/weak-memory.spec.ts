/**
 * Soundness of the reductions under the weak memory models: on random kernel programs (stores, loads,
 * bit operations, atomics, barriers, a lock, sometimes with its acquire or release ordering ablated)
 * run through the store-buffer semantics, partial-order
 * reduction and fingerprints never change a verdict that full search gives, and a reduced search
 * never stores more states. Same differential shape as the sc tests (properties/search.spec.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FC_SEED } from './seed.js';
import { check } from '../src/checker/index.js';
import type { Invariant } from '../src/invariants/invariant.js';
import { buildLitmus, type LitmusShape, type Names } from '../src/model/kernel/litmus.fixture.js';
import { MEMORY_MODELS } from '../src/model/kernel/memory.js';
import {
  READ_ONCE, WRITE_ONCE, atomic_inc, clear_bit, set, set_bit, smp_mb, smp_rmb, smp_wmb, spin_lock, spin_unlock,
  type Op,
} from '../src/model/kernel/program.js';

type InstrSpec =
  | { k: 'w'; loc: number; v: number } | { k: 'r'; loc: number } | { k: 'set' | 'clear' | 'inc'; loc: number }
  | { k: 'mb' | 'wmb' | 'rmb' } | { k: 'locked'; loc: number; v: number; ablated: 'none' | 'acquire' | 'release' };

const LOCS = ['x', 'y'];
const arbInstr: fc.Arbitrary<InstrSpec> = fc.oneof(
  fc.record({ k: fc.constant('w' as const), loc: fc.nat(1), v: fc.integer({ min: 1, max: 2 }) }),
  fc.record({ k: fc.constant('r' as const), loc: fc.nat(1) }),
  fc.record({ k: fc.constantFrom('set' as const, 'clear' as const, 'inc' as const), loc: fc.nat(1) }),
  fc.record({ k: fc.constantFrom('mb' as const, 'wmb' as const, 'rmb' as const) }),
  fc.record({ k: fc.constant('locked' as const), loc: fc.nat(1), v: fc.integer({ min: 1, max: 2 }), ablated: fc.constantFrom('none' as const, 'acquire' as const, 'release' as const) }),
);
const arbProgram = fc.array(fc.array(arbInstr, { minLength: 1, maxLength: 4 }), { minLength: 2, maxLength: 3 });

/** `op` with its lock ordering taken away (as `audit-check barriers` does) when `ablate`. */
const unordered = (op: Op, ablate: boolean): Op => (ablate && op.op === 'lock' ? { ...op, unordered: true } : op);

/** Registers r0.. per thread, one per load; 3-bit locations hold a store of 2 plus three atomic_incs. */
function shapeOf(prog: readonly (readonly InstrSpec[])[]): LitmusShape {
  let incs = 0;
  const regs = prog.map((t) => t.filter((i) => i.k === 'r').map((_i, j) => `r${j}`));
  const threads = prog.map((t, ti) => {
    let r = 0;
    return t.map((i): ((n: Names) => Op[]) => {
      switch (i.k) {
        case 'w': return (n) => [WRITE_ONCE(n.loc(LOCS[i.loc]!), i.v)];
        case 'r': { const reg = `r${r++}`; return (n) => [set(n.reg(ti, reg), READ_ONCE(n.loc(LOCS[i.loc]!)))]; }
        case 'set': return (n) => [set_bit(n.loc(LOCS[i.loc]!), 'set_bit')];
        case 'clear': return (n) => [clear_bit(n.loc(LOCS[i.loc]!), 'clear_bit')];
        case 'inc': return incs++ < 3 ? (n) => [atomic_inc(n.loc(LOCS[i.loc]!), 'atomic_inc')] : (n) => [smp_mb()];
        case 'mb': return () => [smp_mb()];
        case 'wmb': return () => [smp_wmb()];
        case 'rmb': return () => [smp_rmb()];
        case 'locked': return (n) => [
          unordered(spin_lock(n.loc('l')), i.ablated === 'acquire'), WRITE_ONCE(n.loc(LOCS[i.loc]!), i.v),
          unordered(spin_unlock(n.loc('l')), i.ablated === 'release'),
        ];
      }
    });
  });
  return { locs: LOCS, bits: 3, locks: { l: 'spinlock' }, regs, threads };
}

/** `!(a == va && b == vb)` over two fields of the program (locations or registers). */
function arbInvariant(fields: readonly string[]) {
  return fc.record({ a: fc.constantFrom(...fields), va: fc.nat(3), b: fc.constantFrom(...fields), vb: fc.nat(4) });
}

describe(`reductions under weak memory models (seed ${FC_SEED})`, () => {
  for (const memoryModel of MEMORY_MODELS) {
    it(`${memoryModel}: POR and fingerprints give full search's verdicts`, () => {
      let reduced = 0;
      fc.assert(
        fc.property(arbProgram, fc.nat(), fc.nat(), (prog, pickA, pickB) => {
          const run = buildLitmus(shapeOf(prog), memoryModel, 2);
          const { layout } = run.sys;
          const names = layout.fields.map((f) => f.name).filter((f) => !f.includes('.sb[') && !f.endsWith('.pc') && f !== 'l');
          const spec = fc.sample(arbInvariant(names), { seed: pickA ^ (pickB << 7), numRuns: 1 })[0]!;
          const a = layout.field(spec.a);
          const b = layout.field(spec.b);
          const inv: Invariant = {
            name: 'random', summary: `not (${spec.a}=${spec.va} and ${spec.b}=${spec.vb})`, reads: [a, b],
            holds: (s) => !(layout.get(s, a) === spec.va && layout.get(s, b) === spec.vb),
          };
          const full = check(run.model, [inv], { por: false, deadlock: true });
          for (const opts of [{ por: true }, { fingerprint: true, por: false }, { fingerprint: true, por: true }]) {
            const r = check(run.model, [inv], { ...opts, deadlock: true });
            expect(r.properties.map((p) => p.verdict), JSON.stringify({ prog, spec, opts })).toEqual(full.properties.map((p) => p.verdict));
            expect(r.stats.states).toBeLessThanOrEqual(full.stats.states);
            if (opts.por && r.stats.states < full.stats.states) reduced++;
          }
        }),
        { numRuns: 120 },
      );
      // Not vacuous: the reduction did prune on some of these programs.
      expect(reduced).toBeGreaterThan(10);
    });
  }
});
