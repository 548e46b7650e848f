/**
 * A growable Uint32Array used as a stack or a bit set (DFS stack, DFS "expansion started" bits).
 * Doubles on growth; amortised O(1) push with no per-element allocation.
 */
export class GrowableU32 {
  private data = new Uint32Array(64);
  /** Number of words in use (stack mode). */
  length = 0;

  private ensure(words: number): void {
    if (words <= this.data.length) return;
    let n = this.data.length * 2;
    while (n < words) n *= 2;
    const grown = new Uint32Array(n);
    grown.set(this.data);
    this.data = grown;
  }

  push(x: number): void {
    if (this.length === this.data.length) this.ensure(this.length + 1);
    this.data[this.length++] = x;
  }

  /** Pops the top word; the caller checks `length` first. */
  pop(): number {
    return this.data[--this.length]!;
  }

  at(i: number): number {
    return this.data[i]!;
  }

  set(i: number, x: number): void {
    this.data[i] = x;
  }

  setBit(i: number): void {
    const w = i >>> 5;
    if (w >= this.data.length) this.ensure(w + 1);
    this.data[w] = (this.data[w]! | (1 << (i & 31))) >>> 0;
  }

  hasBit(i: number): boolean {
    const w = i >>> 5;
    return w < this.data.length && ((this.data[w]! >>> (i & 31)) & 1) === 1;
  }

  bytes(): number {
    return this.data.byteLength;
  }
}
