/**
 * Properties of the built-in litmus checker on random inputs: the printer and parser round-trip;
 * LKMM allows everything SC allows; smp_mb() between every two accesses restores SC exactly;
 * and removing a barrier never forbids an outcome.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FC_SEED } from './seed.js';
import { arbLitmusAst, arbSmallProgram, scOutcomes, smallTest, withFullBarriers, type SmallThread } from './litmus-random.js';
import { allowedOutcomes } from '../src/litmus/check.js';
import { parseLitmus } from '../src/litmus/parse.js';
import { printLitmus } from '../src/litmus/print.js';

const subset = (a: ReadonlySet<string>, b: ReadonlySet<string>): string[] => [...a].filter((x) => !b.has(x));

describe(`litmus checker on random tests (seed ${FC_SEED})`, () => {
  it('parseLitmus(printLitmus(t)) equals t, and printing is stable', () => {
    fc.assert(
      fc.property(arbLitmusAst, (t) => {
        const text = printLitmus(t);
        const back = parseLitmus(text);
        expect(back).toEqual(t);
        expect(printLitmus(back)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('every outcome SC allows, LKMM allows; the axiomatic sc model equals the interleavings', () => {
    fc.assert(
      fc.property(arbSmallProgram, (p) => {
        const sc = scOutcomes(p);
        const test = smallTest(p);
        expect(subset(sc, allowedOutcomes(test, 'lkmm'))).toEqual([]);
        expect([...allowedOutcomes(test, 'sc')].sort()).toEqual([...sc].sort());
      }),
      { numRuns: 150 },
    );
  });

  it('with smp_mb() between every two accesses of each thread, LKMM allows exactly the SC outcomes', () => {
    fc.assert(
      fc.property(arbSmallProgram, (p) => {
        const fenced = withFullBarriers(p);
        expect([...allowedOutcomes(smallTest(fenced), 'lkmm')].sort()).toEqual([...scOutcomes(fenced)].sort());
      }),
      { numRuns: 150 },
    );
  });

  it('removing a barrier never turns an allowed outcome forbidden', () => {
    const withBarrier = arbSmallProgram.filter((p) => p.some((t) => t.barriers.some((b) => b !== undefined)));
    fc.assert(
      fc.property(withBarrier, fc.nat(), (p, pick) => {
        const spots = p.flatMap((t, ti) => t.barriers.flatMap((b, bi) => (b === undefined ? [] : [[ti, bi] as const])));
        const [ti, bi] = spots[pick % spots.length]!;
        const removed: SmallThread[] = p.map((t, i) => (i !== ti ? t : { accesses: t.accesses, barriers: t.barriers.map((b, j) => (j === bi ? undefined : b)) }));
        expect(subset(allowedOutcomes(smallTest(p), 'lkmm'), allowedOutcomes(smallTest(removed), 'lkmm'))).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
