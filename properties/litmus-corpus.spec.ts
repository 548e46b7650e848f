/**
 * The litmus corpus: every file's checked result equals the result in its header comment
 * (`Result: Never` for the current LKMM, `Result (model): ...` for another model), and every file
 * survives the print/parse round trip.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkLitmus } from '../src/litmus/check.js';
import { MEMORY_MODELS, type MemoryModel } from '../src/litmus/lkmm.js';
import { parseLitmus } from '../src/litmus/parse.js';
import { printLitmus } from '../src/litmus/print.js';

const DIR = fileURLToPath(new URL('./litmus/', import.meta.url));
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.litmus')).sort();

/** The expected results the header states, per model. */
function expectations(doc: string | undefined): Map<MemoryModel, string> {
  const out = new Map<MemoryModel, string>();
  for (const m of (doc ?? '').matchAll(/Result(?: \(([\w-]+)\))?:\s*(Never|Sometimes|Always)/g)) {
    const model = (m[1] ?? 'lkmm') as MemoryModel;
    if (!MEMORY_MODELS.includes(model)) throw new Error(`unknown model ${model} in a header`);
    out.set(model, m[2]!);
  }
  return out;
}

describe('litmus corpus (properties/litmus)', () => {
  it('holds at least 50 tests, 14 of them the audit rows of issue 9', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(50);
    expect(FILES.filter((f) => f.startsWith('audit+')).length).toBeGreaterThanOrEqual(14);
  });

  it.each(FILES)('%s: the checker agrees with the header', (file) => {
    const test = parseLitmus(readFileSync(DIR + file, 'utf8'));
    const expected = expectations(test.doc);
    expect(expected.get('lkmm'), 'the header states a Result').toBeDefined();
    for (const [model, result] of expected) {
      const r = checkLitmus(test, { model });
      expect({ model, result: r.result }).toEqual({ model, result });
      expect(r.verdict).toBe(result === 'Never' ? 'Forbidden' : 'Allowed');
    }
  });

  it.each(FILES)('%s: print and parse round-trip', (file) => {
    const test = parseLitmus(readFileSync(DIR + file, 'utf8'));
    expect(parseLitmus(printLitmus(test))).toEqual(test);
  });
});
