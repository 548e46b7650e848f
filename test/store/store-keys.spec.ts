/**
 * Both stores must compare whole keys. Real states share long prefixes (most fields are equal), so a
 * store that compared only the first word would merge distinct states; these tests use such keys, and
 * compare exact storage with fingerprints on the audit model at 3 tasks, where that bug drops states.
 */
import { describe, expect, it } from 'vitest';
import { StateStore, STORE_FULL } from '../../src/checker/state-store.js';
import { check } from '../../src/checker/index.js';
import { Arena } from '../../src/parallel/arena.js';
import { parallelCheck } from '../../src/parallel/index.js';
import { auditProtocol } from '../../src/protocols/audit.js';
import { DEFAULT_BOUNDS } from '../../src/model/audit/config.js';

/**
 * 3-word keys, 2^19 of them, with only 4 distinct first words. So many that the table's tag bits
 * (what is left of 32 after the id) are few: keys then meet in probe runs with equal tags often
 * enough that a store comparing only the first word merges hundreds of them.
 */
function prefixKeys(): Uint32Array[] {
  const out: Uint32Array[] = [];
  for (let a = 0; a < 4; a++) for (let b = 0; b < 128; b++) for (let c = 0; c < 1024; c++) out.push(Uint32Array.of(a * 0x10001, b, c * 0x9e3779b1));
  return out;
}

describe('keys that share prefixes', () => {
  for (const fingerprint of [false, true]) {
    it(`the one-thread store keeps every one apart${fingerprint ? ' (fingerprints)' : ''}`, () => {
      const store = new StateStore(3, { actions: 1, fingerprint });
      const keys = prefixKeys();
      // Counted, not asserted per key: a million expect() calls would dominate the run.
      let wrong = 0;
      keys.forEach((k, i) => (wrong += store.findOrInsert(k, -1, 0) === i ? 0 : 1));
      expect(wrong).toBe(0);
      expect(store.size).toBe(keys.length);
      keys.forEach((k, i) => (wrong += store.find(k) === i && store.findOrInsert(k, -1, 0) === -1 - i ? 0 : 1));
      expect(wrong).toBe(0);
      expect(store.matches(5, keys[5]!)).toBe(true);
      expect(store.matches(5, keys[4]!)).toBe(false);
      expect(store.find(Uint32Array.of(0, 0, 1))).toBe(-1);
    });

    it(`the shared store keeps every one apart, across table growths${fingerprint ? ' (fingerprints)' : ''}`, async () => {
      const arena = new Arena(3, fingerprint, 1);
      arena.insertRoot(Uint32Array.of(7, 7, 7));
      await arena.startLevel(1, 1);
      const keys = prefixKeys();
      let wrong = 0;
      for (let i = 0; i < keys.length; i++) {
        let ref = arena.view.findOrInsert(keys[i]!, 0, i & 0x7fff);
        // The table fills up on purpose (it starts tiny): grow it as the coordinator does, and retry.
        while (ref === -0x80000000) {
          arena.view.releaseSpare();
          await arena.growTable();
          ref = arena.view.findOrInsert(keys[i]!, 0, i & 0x7fff);
        }
        wrong += ref === 1 + i ? 0 : 1;
      }
      expect(wrong).toBe(0);
      keys.forEach((k, i) => (wrong += arena.view.find(k) === 1 + i && arena.view.findOrInsert(k, 0, 0) === -2 - i ? 0 : 1));
      expect(wrong).toBe(0);
      expect(arena.view.find(Uint32Array.of(0, 0, 1))).toBe(-1);
      expect(STORE_FULL).toBe(-0x80000000);
    });
  }
});

describe('exact storage against fingerprints, audit legacy at 3 tasks', () => {
  const config = { variant: 'legacy', bounds: { ...DEFAULT_BOUNDS, tasks: 3 }, knobs: {} };
  const { model, invariants } = auditProtocol(config);
  const one = check(model, invariants, { por: true });

  it('one thread: the same states, transitions and verdicts', () => {
    const exact = one;
    const fp = check(model, invariants, { por: true, fingerprint: true });
    expect(exact.complete).toBe(true);
    expect(fp.stats.states).toBe(exact.stats.states);
    expect(fp.stats.transitions).toBe(exact.stats.transitions);
    expect(fp.properties.map((p) => p.verdict)).toEqual(exact.properties.map((p) => p.verdict));
  });

  it('2 workers, shared store: the same states as one thread, exact and with fingerprints', async () => {
    for (const fingerprint of [false, true]) {
      const two = await parallelCheck({ protocol: 'audit', config }, model, invariants, { por: true, fingerprint }, 2);
      expect([two.stats.states, two.stats.transitions], `fingerprint ${fingerprint}`).toEqual([one.stats.states, one.stats.transitions]);
      expect(two.properties.map((p) => [p.verdict, p.trace?.steps.length])).toEqual(one.properties.map((p) => [p.verdict, p.trace?.steps.length]));
    }
  });
});
