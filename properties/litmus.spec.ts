/**
 * Properties of the built-in litmus checker on random inputs: the printer and parser round-trip;
 * LKMM allows everything SC allows; smp_mb() between every two accesses restores SC exactly;
 * and removing a barrier (or weakening an acquire or release) never forbids an outcome.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FC_SEED } from './seed.js';
import { arbLitmusAst, arbSmallProgram, outcomeProp, scOutcomes, smallTest, weakenings, withFullBarriers } from './litmus-random.js';
import { allowedOutcomes, checkLitmus } from '../src/litmus/check.js';
import { LitmusError, Unsupported } from '../src/litmus/ast.js';
import { parseLitmus } from '../src/litmus/parse.js';
import { printLitmus } from '../src/litmus/print.js';

const CORPUS = fileURLToPath(new URL('./litmus/', import.meta.url));
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
      fc.property(arbSmallProgram, fc.nat(), (p, pick) => {
        const sc = scOutcomes(p);
        const test = smallTest(p);
        expect(subset(sc, allowedOutcomes(test, 'lkmm'))).toEqual([]);
        expect([...allowedOutcomes(test, 'sc')].sort()).toEqual([...sc].sort());
        // And as a verdict: an exists clause fixing one SC outcome is Allowed.
        const outcome = [...sc].sort()[pick % sc.size]!;
        const asked = { ...test, condition: { quantifier: 'exists' as const, prop: outcomeProp(outcome) } };
        expect(checkLitmus(asked).verdict).toBe('Allowed');
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

  it('removing a barrier, or an acquire or release, never turns an allowed outcome forbidden', () => {
    const orderedSomewhere = arbSmallProgram.filter((p) => weakenings(p).length > 0);
    fc.assert(
      fc.property(orderedSomewhere, fc.nat(), (p, pick) => {
        const options = weakenings(p);
        const weaker = options[pick % options.length]!;
        expect(subset(allowedOutcomes(smallTest(p), 'lkmm'), allowedOutcomes(smallTest(weaker), 'lkmm'))).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});

describe(`litmus checker on bad input (seed ${FC_SEED})`, () => {
  const corpus = readdirSync(CORPUS).filter((f) => f.endsWith('.litmus')).map((f) => readFileSync(CORPUS + f, 'utf8'));
  const mutated = fc.record({ text: fc.constantFrom(...corpus), at: fc.nat(), cut: fc.nat({ max: 6 }), insert: fc.string({ maxLength: 4 }) }).map(({ text, at, cut, insert }) => {
    const i = at % (text.length + 1);
    return text.slice(0, i) + insert + text.slice(i + cut);
  });

  it('a damaged corpus file parses and checks, or fails with a LitmusError or Unsupported, never anything else', () => {
    fc.assert(
      fc.property(mutated, (text) => {
        try {
          checkLitmus(parseLitmus(text));
        } catch (e) {
          expect(e instanceof LitmusError || e instanceof Unsupported, String(e)).toBe(true);
          if (e instanceof LitmusError) expect(e.message).toMatch(/^\d+:\d+: \S/);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('any syntax tree the parser accepts is checked or refused cleanly', () => {
    fc.assert(
      fc.property(arbLitmusAst, (t) => {
        try {
          checkLitmus(t);
        } catch (e) {
          expect(e instanceof LitmusError || e instanceof Unsupported, String(e)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
