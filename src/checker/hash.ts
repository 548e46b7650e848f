/**
 * 32-bit MurmurHash3 over state words. Two seeds give the two halves of a 64-bit fingerprint.
 * Plain integer arithmetic on a typed array: no allocation, inlinable into the store's probe loop.
 */

export const SEED_A = 0x9747b28c;
export const SEED_B = 0x5bd1e995;

/** MurmurHash3 (x86, 32-bit) of `words` words of `key` starting at `offset`. */
export function hashWords(key: Uint32Array, offset: number, words: number, seed: number): number {
  let h = seed | 0;
  for (let i = 0; i < words; i++) {
    let k = Math.imul(key[offset + i]! | 0, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= words << 2;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}
