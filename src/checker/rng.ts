/** A uniform float in [0, 1). */
export type Rng = () => number;

/**
 * mulberry32: a small, fast, well-distributed deterministic 32-bit generator, so sampled states and
 * simulated runs are reproducible from a seed.
 */
export function rngFrom(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
