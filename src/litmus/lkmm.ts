/**
 * The axioms of linux-kernel.cat (with lock.cat's relations) for the supported subset, on one
 * candidate execution. Every access in the subset is marked, so the cat file's [Marked] filters
 * are the identity here and its plain-access (data-race) part does not apply.
 */
import type { Event } from './events.js';
import type { FenceTag } from './primitives.js';
import { Rel } from './relation.js';

/**
 * `lkmm` is the current linux-kernel.cat: an unlock followed by a lock on the same CPU orders
 * (po-unlock-lock-po, any two locks). `lkmm-unlock-rf-lock` is the earlier rule, which ordered
 * them only when the lock read from the unlock (po-unlock-rf-lock-po, the same lock). `sc` is
 * sequential consistency, for comparison.
 */
export type MemoryModel = 'lkmm' | 'lkmm-unlock-rf-lock' | 'sc';
export const MEMORY_MODELS: readonly MemoryModel[] = ['lkmm', 'lkmm-unlock-rf-lock', 'sc'];

export type Axiom = 'coherence' | 'atomic' | 'happens-before' | 'propagation' | 'sc';

export interface Edge {
  readonly from: number;
  readonly to: number;
  readonly label: string;
}

export interface Failure {
  readonly axiom: Axiom;
  readonly cycle: readonly Edge[];
}

/** The base relations of one candidate: rf and co chosen, the rest fixed by the events. */
export interface Candidate {
  readonly events: readonly Event[];
  readonly rf: Rel;
  readonly co: Rel;
}

/** Undefined when the candidate satisfies every axiom of `model`; else the first axiom it fails. */
export function violatedAxiom(c: Candidate, model: MemoryModel): Failure | undefined {
  const r = new Relations(c);
  if (model === 'sc') return atomicFailure(r) ?? cycleOf('sc', r.po.or(r.com), (a, b) => r.comLabel(a, b) ?? 'po');
  // In linux-kernel.cat's order; `??` evaluates a later axiom only when the earlier ones hold.
  return (
    cycleOf('coherence', r.poLoc.or(r.com), (a, b) => r.comLabel(a, b) ?? 'po-loc') ??
    atomicFailure(r) ??
    cycleOf('happens-before', r.hb(model), (a, b) => r.hbLabel(model, a, b)) ??
    cycleOf('propagation', r.pb(model), (a, b) => `pb(${r.pbPath(model, a, b)})`)
  );
}

function cycleOf(axiom: Axiom, rel: Rel, label: (a: number, b: number) => string): Failure | undefined {
  const cyc = rel.cycle();
  if (cyc === undefined) return undefined;
  return { axiom, cycle: cyc.map((a, i) => ({ from: a, to: cyc[(i + 1) % cyc.length]!, label: label(a, cyc[(i + 1) % cyc.length]!) })) };
}

/** The atomic axiom: a read and write of one RMW with another thread's write between them in co. */
function atomicFailure(r: Relations): Failure | undefined {
  const pair = r.atomicViolation().pairs()[0];
  if (pair === undefined) return undefined;
  const [a, b] = pair;
  const mid = r.events.findIndex((_e, w) => r.fre.has(a, w) && r.coe.has(w, b));
  return { axiom: 'atomic', cycle: [{ from: a, to: mid, label: 'fre' }, { from: mid, to: b, label: 'coe' }, { from: b, to: a, label: 'rmw^-1' }] };
}

class Relations {
  readonly events: readonly Event[];
  readonly n: number;
  readonly po: Rel;
  readonly poLoc: Rel;
  readonly int: Rel;
  readonly rf: Rel;
  readonly co: Rel;
  readonly fr: Rel;
  readonly com: Rel;
  readonly rfe: Rel;
  readonly coe: Rel;
  readonly fre: Rel;
  private readonly cache = new Map<string, Rel>();
  private readonly parts = new Map<MemoryModel, [string, Rel][]>();

  constructor(c: Candidate) {
    const ev = c.events;
    this.events = ev;
    const n = (this.n = ev.length);
    this.po = Rel.where(n, (a, b) => ev[a]!.thread >= 0 && ev[a]!.thread === ev[b]!.thread && ev[a]!.index < ev[b]!.index);
    this.poLoc = this.po.filter((a, b) => ev[a]!.loc !== undefined && ev[a]!.loc === ev[b]!.loc);
    this.int = Rel.where(n, (a, b) => ev[a]!.thread === ev[b]!.thread);
    this.rf = c.rf;
    this.co = c.co;
    this.fr = c.rf.inverse().seq(c.co).filter((a, b) => a !== b);
    this.com = this.rf.or(this.co, this.fr);
    this.rfe = this.rf.minus(this.int);
    this.coe = this.co.minus(this.int);
    this.fre = this.fr.minus(this.int);
  }

  private memo(key: string, f: () => Rel): Rel {
    let r = this.cache.get(key);
    if (r === undefined) this.cache.set(key, (r = f()));
    return r;
  }

  private is(a: number, p: (e: Event) => boolean): boolean {
    return p(this.events[a]!);
  }

  private set(p: (e: Event) => boolean): Rel {
    return Rel.id(this.n, (a) => this.is(a, p));
  }

  comLabel(a: number, b: number): string | undefined {
    const side = this.int.has(a, b) ? 'i' : 'e';
    if (this.rf.has(a, b)) return `rf${side}`;
    if (this.co.has(a, b)) return `co${side}`;
    if (this.fr.has(a, b)) return `fr${side}`;
    return undefined;
  }

  atomicViolation(): Rel {
    const rmw = Rel.where(this.n, (a, b) => this.events[a]!.rmwWith === b);
    return rmw.and(this.fre.seq(this.coe));
  }

  /** `[M] ; fencerel(tag) ; [M]`, the po pairs with a fence of that kind between them. */
  private fencerel(tag: FenceTag): Rel {
    return this.memo(`fence:${tag}`, () => this.po.seq(this.set((e) => e.kind === 'F' && e.fence === tag), this.po));
  }

  private named(model: MemoryModel): [string, Rel][] {
    let parts = this.parts.get(model);
    if (parts === undefined) this.parts.set(model, (parts = this.ppoParts(model)));
    return parts;
  }

  private ppoParts(model: MemoryModel): [string, Rel][] {
    const M = this.set((e) => e.kind !== 'F');
    const R = (e: Event): boolean => e.kind === 'R';
    const W = this.set((e) => e.kind === 'W');
    const addr = Rel.from(this.n, this.depPairs('addr'));
    const data = Rel.from(this.n, this.depPairs('data'));
    const ctrl = Rel.from(this.n, this.depPairs('ctrl'));
    const rfi = this.rf.and(this.int);
    return [
      ['addr', addr],
      ['data', data.seq(W)],
      ['ctrl', ctrl.seq(W)],
      ['coi', this.co.and(this.int)],
      ['fri', this.fr.and(this.int)],
      ['dep;rfi', addr.or(data).seq(rfi)],
      ['strong-fence', this.strongFence()],
      ['po-rel', M.seq(this.po, this.set((e) => e.tag === 'release' || e.lock === 'UL'))],
      ['acq-po', this.set((e) => e.tag === 'acquire' || e.lock === 'LKR').seq(this.po, M)],
      ['wmb', W.seq(this.fencerel('wmb'), W)],
      ['rmb', this.fencerel('rmb').restrict((a) => this.is(a, R) && this.events[a]!.tag !== 'noreturn', (b) => this.is(b, R) && this.events[b]!.tag !== 'noreturn')],
      ['po-unlock-lock-po & int', this.unlockLock(model).and(this.int)],
    ];
  }

  private depPairs(kind: 'addr' | 'data' | 'ctrl'): [number, number][] {
    const ev = this.events;
    const out: [number, number][] = [];
    const start = new Map<number, number>();
    ev.forEach((e, i) => {
      if (!start.has(e.thread)) start.set(e.thread, i - e.index);
    });
    ev.forEach((e, b) => {
      for (const local of e[kind]) out.push([start.get(e.thread)! + local, b]);
    });
    return out;
  }

  strongFence(): Rel {
    return this.memo('mb', () => {
      const M = this.set((e) => e.kind !== 'F');
      const rmw = this.set((e) => e.atomic === true);
      const lkw = this.set((e) => e.lock === 'LKW');
      const ul = this.set((e) => e.lock === 'UL');
      const poOpt = this.po.opt();
      return M.seq(this.fencerel('mb'), M).or(
        M.seq(this.fencerel('before-atomic'), rmw, poOpt, M),
        M.seq(poOpt, rmw, this.fencerel('after-atomic'), M),
        M.seq(poOpt, lkw, this.fencerel('after-spinlock'), M),
        M.seq(this.po, ul, this.co.or(this.po), lkw, this.fencerel('after-unlock-lock'), M),
      );
    });
  }

  private unlockLock(model: MemoryModel): Rel {
    return this.memo(`unlock-lock:${model}`, () => {
      const between = model === 'lkmm-unlock-rf-lock' ? this.rf : this.po.or(this.rf);
      return this.po.seq(this.set((e) => e.lock === 'UL'), between, this.set((e) => e.lock === 'LKR'), this.po);
    });
  }

  private ppo(model: MemoryModel): Rel {
    return this.memo(`ppo:${model}`, () => Rel.empty(this.n).or(...this.named(model).map(([, r]) => r)));
  }

  private prop(model: MemoryModel): Rel {
    return this.memo(`prop:${model}`, () => {
      const M = this.set((e) => e.kind !== 'F');
      const poRel = M.seq(this.po, this.set((e) => e.tag === 'release' || e.lock === 'UL'));
      const wmb = this.named(model).find(([k]) => k === 'wmb')![1];
      const cumul = this.rfe.opt().seq(this.strongFence().or(poRel)).or(wmb, this.unlockLock(model));
      return this.co.or(this.fr).minus(this.int).opt().seq(cumul.star(), this.rfe.opt());
    });
  }

  hb(model: MemoryModel): Rel {
    return this.memo(`hb:${model}`, () => {
      const propInt = this.prop(model).filter((a, b) => a !== b).and(this.int);
      return this.ppo(model).or(this.rfe, propInt).filter((a, b) => this.is(a, (e) => e.kind !== 'F') && this.is(b, (e) => e.kind !== 'F'));
    });
  }

  pb(model: MemoryModel): Rel {
    return this.memo(`pb:${model}`, () => this.prop(model).seq(this.strongFence(), this.hb(model).star()).filter((_a, b) => this.is(b, (e) => e.kind !== 'F')));
  }

  hbLabel(model: MemoryModel, a: number, b: number): string {
    if (this.rfe.has(a, b)) return 'rfe';
    const part = this.named(model).find(([, r]) => r.has(a, b));
    return part === undefined ? 'prop & int' : `ppo:${part[0]}`;
  }

  /** Explains one pb edge a->b as prop ; strong-fence ; hb*, naming the events in between. */
  pbPath(model: MemoryModel, a: number, b: number): string {
    const prop = this.prop(model);
    const sf = this.strongFence();
    const hbStar = this.hb(model).star();
    for (let c = 0; c < this.n; c++) {
      if (!prop.has(a, c)) continue;
      for (let d = 0; d < this.n; d++) {
        if (sf.has(c, d) && hbStar.has(d, b)) return `prop e${a}->e${c} ; strong-fence e${c}->e${d}${d === b ? '' : ` ; hb* e${d}->e${b}`}`;
      }
    }
    return 'prop ; strong-fence ; hb*';
  }
}
