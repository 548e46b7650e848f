/**
 * The memory-latency bound any explicit-state search lives under: random inserts and look-ups of
 * 64-bit keys into a bare typed-array open-addressing table (keys inline, linear probing), sized like
 * the engine's store for the same number of states. No parents, no model, no search.
 */
import { SEED_A, hashWords } from '../src/checker/hash.js';

export interface BaselineFigures {
  readonly keys: number;
  readonly insertsPerSecond: number;
  readonly lookupsPerSecond: number;
  readonly tableBytes: number;
}

/** A bijective 32-bit mix, so key i can be regenerated from i without storing it (splitmix-like). */
function mix(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Inserts `n` distinct random 64-bit keys, then looks up `n` of them in random order. */
export function runBaseline(n: number, loadFactor = 0.6): BaselineFigures {
  const size = Math.ceil(n / loadFactor);
  // Two words per slot: the key itself; (0, 0) marks an empty slot, so key words are made non-zero.
  const table = new Uint32Array(size * 2);
  const key = new Uint32Array(2);
  const probe = (i: number, insert: boolean): boolean => {
    key[0] = mix(i) | 1;
    key[1] = mix(i ^ 0x5bd1e995);
    let s = (hashWords(key, 0, 2, SEED_A) & 0x7fffffff) % size;
    for (;;) {
      const a = table[2 * s]!;
      if (a === 0) {
        if (!insert) return false;
        table[2 * s] = key[0]!;
        table[2 * s + 1] = key[1]!;
        return true;
      }
      if (a === key[0] && table[2 * s + 1] === key[1]) return true;
      if (++s === size) s = 0;
    }
  };
  let t = performance.now();
  for (let i = 0; i < n; i++) probe(i, true);
  const insertSeconds = (performance.now() - t) / 1000;
  let found = 0;
  let r = 12345;
  t = performance.now();
  for (let i = 0; i < n; i++) {
    r = mix(r + i);
    if (probe(r % n, false)) found++;
  }
  const lookupSeconds = (performance.now() - t) / 1000;
  if (found !== n) throw new Error(`baseline: found ${found} of ${n} keys`);
  return { keys: n, insertsPerSecond: n / insertSeconds, lookupsPerSecond: n / lookupSeconds, tableBytes: table.byteLength };
}
