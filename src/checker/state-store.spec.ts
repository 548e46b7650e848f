import { describe, expect, it } from 'vitest';
import { StateStore, STORE_FULL } from './state-store.js';

/** Deterministic pseudo-random words (xorshift32). */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>>= 0);
  };
}

describe('StateStore', () => {
  it('records parent and action once, on first insertion, and never overwrites them', () => {
    const store = new StateStore(2, { actions: 10 });
    const a = Uint32Array.of(1, 2);
    const b = Uint32Array.of(3, 4);
    expect(store.findOrInsert(a, -1, 0)).toBe(0);
    expect(store.findOrInsert(b, 0, 7)).toBe(1);
    expect(store.findOrInsert(Uint32Array.of(3, 4), 0, 9)).toBe(-1 - 1);
    expect(store.findOrInsert(Uint32Array.of(3, 4), 1, 3)).toBe(-1 - 1);
    expect(store.parentOf(1)).toBe(0);
    expect(store.actionOf(1)).toBe(7);
    expect(store.parentOf(0)).toBe(-1);
    expect(store.size).toBe(2);
  });

  for (const fingerprint of [false, true]) {
    for (const words of [1, 2, 3]) {
      it(`${fingerprint ? 'fingerprint' : 'exact'}, ${words} word(s): finds every key after growth, keeps parents`, () => {
        const store = new StateStore(words, { actions: 300, fingerprint });
        const next = rng(words * 7 + (fingerprint ? 1 : 0));
        const n = 200_000;
        const keys = new Uint32Array(n * words);
        for (let i = 0; i < keys.length; i++) keys[i] = next() & (words === 1 ? 0xffffffff : 0xff);
        const firstId = new Int32Array(n);
        const buf = new Uint32Array(words);
        const firstSeen = new Int32Array(n);
        let bad = 0;
        for (let i = 0; i < n; i++) {
          buf.set(keys.subarray(i * words, (i + 1) * words));
          const r = store.findOrInsert(buf, i - 1, i % 300);
          firstId[i] = r >= 0 ? r : -1 - r;
          if (r >= 0) firstSeen[r] = i;
        }
        const out = new Uint32Array(words);
        for (let i = 0; i < n; i++) {
          buf.set(keys.subarray(i * words, (i + 1) * words));
          const id = store.find(buf);
          store.readState(id, out);
          // The first insertion's parent and action survive every later duplicate.
          const first = firstSeen[id]!;
          if (
            id !== firstId[i] ||
            !store.matches(id, buf) ||
            store.parentOf(id) !== first - 1 ||
            store.actionOf(id) !== first % 300 ||
            out.some((w, j) => w !== buf[j])
          ) bad++;
        }
        expect(bad).toBe(0);
        expect(store.size).toBeGreaterThan(words === 1 ? 190_000 : 1000);
        expect(store.find(Uint32Array.from({ length: words }, () => 0xfffffff0))).toBe(-1);
        // Chunks of 65536 states: allow for the unfilled last chunk on top of key + parent + action + table.
        const chunked = (Math.ceil(store.size / 65536) * 65536) / store.size;
        expect(store.storeBytes() / store.size).toBeLessThan((4 * (fingerprint ? 2 : words) + 4 + 2) * chunked + 8.1);
      });
    }
  }

  it('the first parent wins among many duplicates in a random stream', () => {
    const store = new StateStore(1, { actions: 256 });
    const next = rng(99);
    const first = new Map<number, number>();
    let bad = 0;
    for (let i = 0; i < 50_000; i++) {
      const k = next() % 5000;
      const r = store.findOrInsert(Uint32Array.of(k), i, i & 255);
      if (!first.has(k)) {
        if (r < 0) bad++;
        first.set(k, i);
      } else if (r >= 0) bad++;
    }
    for (const [k, i] of first) {
      const id = store.find(Uint32Array.of(k));
      if (store.parentOf(id) !== i || store.actionOf(id) !== (i & 255)) bad++;
    }
    expect(first.size).toBe(5000);
    expect(bad).toBe(0);
  });

  it('refuses new states at its limit but still finds old ones', () => {
    const store = new StateStore(1, { actions: 1, limit: 3 });
    for (let k = 0; k < 3; k++) expect(store.findOrInsert(Uint32Array.of(k), -1, 0)).toBe(k);
    expect(store.findOrInsert(Uint32Array.of(9), -1, 0)).toBe(STORE_FULL);
    expect(store.findOrInsert(Uint32Array.of(1), -1, 0)).toBe(-2);
  });

  it('fingerprint mode releases expanded states but keeps their fingerprints', () => {
    const store = new StateStore(1, { actions: 1, fingerprint: true });
    for (let k = 0; k < 200_000; k++) store.findOrInsert(Uint32Array.of(k), k - 1, 0);
    const before = store.frontierBytes();
    store.releaseStatesBelow(150_000);
    expect(store.frontierBytes()).toBeLessThan(before);
    expect(() => store.readState(10, new Uint32Array(1))).toThrow(/no longer held/);
    expect(store.find(Uint32Array.of(10))).toBe(10);
    expect(store.matches(10, Uint32Array.of(10))).toBe(true);
  });
});
