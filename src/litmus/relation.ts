/**
 * Binary relations over the events of one candidate execution, as boolean matrices: the
 * operators of the cat language (`|`, `&`, `\`, `;`, `^-1`, `+`, `*`, `?`, `[S]`).
 */
export class Rel {
  readonly m: Uint8Array;
  constructor(
    readonly n: number,
    m?: Uint8Array,
  ) {
    this.m = m ?? new Uint8Array(n * n);
  }

  static empty(n: number): Rel {
    return new Rel(n);
  }

  static from(n: number, pairs: Iterable<readonly [number, number]>): Rel {
    const r = new Rel(n);
    for (const [a, b] of pairs) r.m[a * n + b] = 1;
    return r;
  }

  /** All pairs (a, b) with `f(a, b)`. */
  static where(n: number, f: (a: number, b: number) => boolean): Rel {
    const r = new Rel(n);
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (f(a, b)) r.m[a * n + b] = 1;
    return r;
  }

  /** `[S]`: the identity on the events in S. */
  static id(n: number, s: (a: number) => boolean): Rel {
    const r = new Rel(n);
    for (let a = 0; a < n; a++) if (s(a)) r.m[a * n + a] = 1;
    return r;
  }

  has(a: number, b: number): boolean {
    return this.m[a * this.n + b] === 1;
  }

  or(...others: Rel[]): Rel {
    const r = new Rel(this.n, this.m.slice());
    for (const o of others) for (let i = 0; i < r.m.length; i++) r.m[i] = r.m[i]! | o.m[i]!;
    return r;
  }

  and(o: Rel): Rel {
    const r = new Rel(this.n);
    for (let i = 0; i < r.m.length; i++) r.m[i] = this.m[i]! & o.m[i]!;
    return r;
  }

  minus(o: Rel): Rel {
    const r = new Rel(this.n);
    for (let i = 0; i < r.m.length; i++) r.m[i] = this.m[i]! & (1 - o.m[i]!);
    return r;
  }

  /** Keeps the pairs whose source satisfies `s` and target satisfies `t`: `[S] ; r ; [T]`. */
  restrict(s: (a: number) => boolean, t: (b: number) => boolean): Rel {
    return Rel.where(this.n, (a, b) => this.has(a, b) && s(a) && t(b));
  }

  filter(f: (a: number, b: number) => boolean): Rel {
    return Rel.where(this.n, (a, b) => this.has(a, b) && f(a, b));
  }

  /** Relational composition `this ; o`. */
  seq(...others: Rel[]): Rel {
    let acc: Rel = this;
    for (const o of others) {
      const n = this.n;
      const r = new Rel(n);
      for (let a = 0; a < n; a++) {
        for (let c = 0; c < n; c++) {
          if (acc.m[a * n + c] === 0) continue;
          for (let b = 0; b < n; b++) if (o.m[c * n + b] === 1) r.m[a * n + b] = 1;
        }
      }
      acc = r;
    }
    return acc;
  }

  inverse(): Rel {
    return Rel.where(this.n, (a, b) => this.has(b, a));
  }

  /** Transitive closure (Warshall). */
  plus(): Rel {
    const n = this.n;
    const r = new Rel(n, this.m.slice());
    for (let k = 0; k < n; k++) {
      for (let a = 0; a < n; a++) {
        if (r.m[a * n + k] === 0) continue;
        for (let b = 0; b < n; b++) if (r.m[k * n + b] === 1) r.m[a * n + b] = 1;
      }
    }
    return r;
  }

  star(): Rel {
    return this.plus().or(Rel.id(this.n, () => true));
  }

  opt(): Rel {
    return this.or(Rel.id(this.n, () => true));
  }

  isEmpty(): boolean {
    return this.m.every((x) => x === 0);
  }

  pairs(): [number, number][] {
    const out: [number, number][] = [];
    for (let a = 0; a < this.n; a++) for (let b = 0; b < this.n; b++) if (this.has(a, b)) out.push([a, b]);
    return out;
  }

  /** A cycle as a list of events (first = last omitted), or undefined when the relation is acyclic. */
  cycle(): number[] | undefined {
    const n = this.n;
    const state = new Uint8Array(n);
    const stack: number[] = [];
    const visit = (a: number): number[] | undefined => {
      state[a] = 1;
      stack.push(a);
      for (let b = 0; b < n; b++) {
        if (!this.has(a, b)) continue;
        if (state[b] === 1) return stack.slice(stack.indexOf(b));
        if (state[b] === 0) {
          const c = visit(b);
          if (c !== undefined) return c;
        }
      }
      stack.pop();
      state[a] = 2;
      return undefined;
    };
    for (let a = 0; a < n; a++) {
      if (state[a] !== 0) continue;
      const c = visit(a);
      if (c !== undefined) return c;
    }
    return undefined;
  }

  acyclic(): boolean {
    return this.cycle() === undefined;
  }
}
