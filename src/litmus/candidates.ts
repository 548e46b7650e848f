/**
 * Candidate executions of a litmus test, as herd7 enumerates them: one path per thread, an rf
 * source for every read (a write of the value it returned), and a coherence order per location.
 * Spinlocks follow lock.cat: each lock's critical sections are taken in some order, every lock
 * acquire reads from the unlock before it, and a thread that takes a lock it holds deadlocks.
 */
import { Unsupported, type LitmusTest, type Value } from './ast.js';
import type { Event, LocalEvent } from './events.js';
import { threadPaths, type Path } from './execute.js';
import { Rel } from './relation.js';

export interface Execution {
  readonly events: readonly Event[];
  readonly rf: Rel;
  readonly co: Rel;
  /** Coherence order per location, initial write first. */
  readonly coOrder: ReadonlyMap<string, readonly number[]>;
  readonly regs: ReadonlyMap<string, Value>;
  readonly finals: ReadonlyMap<string, Value>;
}

const MAX_DOMAIN = 8;
const MAX_CANDIDATES = 3_000_000;

export interface Shape {
  readonly locations: ReadonlyMap<string, Value>;
  readonly locks: ReadonlySet<string>;
  readonly paths: readonly (readonly Path[])[];
}

/** Locations, locks and each thread's paths, with read values grown to a fixpoint. */
export function shapeOf(test: LitmusTest): Shape {
  const locations = new Map<string, Value>();
  const locks = new Set<string>();
  const regInit = test.threads.map(() => new Map<string, Value>());
  for (const e of test.init) {
    if (e.thread !== undefined) regInit[e.thread]?.set(e.name, e.value ?? 0);
    else locations.set(e.name, e.value ?? 0);
    if (e.type === 'spinlock_t' && e.thread === undefined) locks.add(e.name);
  }
  for (const th of test.threads) {
    for (const p of th.params) {
      if (!locations.has(p.name)) locations.set(p.name, 0);
      if (p.type === 'spinlock_t') locks.add(p.name);
    }
  }
  const domain = new Map<string, Set<Value>>([...locations].map(([k, v]) => [k, new Set([v])]));
  // Grow the values reads may return from combinations of paths whose every read is of the initial
  // value or of a write in the combination: values then come from chains that start at the
  // initial state, never out of thin air, and a loop of increments does not grow forever.
  for (;;) {
    const paths = test.threads.map((th) => threadPaths(th, domain, regInit[th.id] ?? new Map()));
    let grew = false;
    for (const combo of product(paths)) {
      const events = combo.flatMap((p) => p.events);
      if (!justified(events, locations)) continue;
      for (const e of events) {
        if (e.kind !== 'W' || e.lock !== undefined) continue;
        const d = domain.get(e.loc!);
        if (d === undefined) throw new Unsupported(`${e.text} writes ${e.loc}, which is not a location of the test`, e.source);
        if (d.has(e.value!)) continue;
        d.add(e.value!);
        grew = true;
        if (d.size > MAX_DOMAIN) throw new Unsupported(`${e.loc} may take more than ${MAX_DOMAIN} values; the test is too large`, e.source);
      }
    }
    if (!grew) {
      checkLockUse(paths.flat().flatMap((p) => p.events), locks);
      return { locations, locks, paths };
    }
  }
}

/** Every read returns the initial value of its location or a value some write of `events` stores. */
function justified(events: readonly LocalEvent[], init: ReadonlyMap<string, Value>): boolean {
  return events.every(
    (r) => r.kind !== 'R' || r.lock !== undefined || init.get(r.loc!) === r.value || events.some((w) => w.kind === 'W' && w.loc === r.loc && w.value === r.value),
  );
}

function checkLockUse(events: readonly LocalEvent[], locks: ReadonlySet<string>): void {
  for (const e of events) {
    if (e.kind === 'F') continue;
    if (e.lock !== undefined && !locks.has(e.loc!)) throw new Unsupported(`${e.text}: ${e.loc} is not declared spinlock_t`, e.source);
    if (e.lock === undefined && locks.has(e.loc!)) throw new Unsupported(`${e.text}: ${e.loc} is a spinlock; only spin_lock/spin_unlock may touch it`, e.source);
  }
}

/** Calls `visit` on every candidate execution; stops when it returns false. */
export function forEachCandidate(test: LitmusTest, shape: Shape, visit: (x: Execution) => boolean): void {
  let budget = MAX_CANDIDATES;
  const combos = product(shape.paths.map((ps) => ps.filter((p) => !deadlocks(p))));
  for (const combo of combos) {
    const events = buildEvents(shape, combo);
    const reads = events.filter((e) => e.kind === 'R' && (e.lock === undefined || e.lock === 'LF'));
    const sources = reads.map((r) => (r.lock === 'LF' ? lockFailSources(events, r) : events.filter((w) => w.kind === 'W' && w.loc === r.loc && w.value === r.value && !(w.thread === r.thread && w.index > r.index))));
    const orders = [...shape.locations.keys()].map((loc) => (shape.locks.has(loc) ? lockOrders(events, loc) : writeOrders(events, loc)));
    if (orders.some((o) => o.length === 0)) continue;
    for (const src of product(sources)) {
      for (const order of product(orders)) {
        if (--budget < 0) throw new Unsupported(`more than ${MAX_CANDIDATES} candidate executions; the test is too large`);
        if (!visit(execution(test, shape, combo, events, reads, src, order))) return;
      }
    }
  }
}

function execution(test: LitmusTest, shape: Shape, combo: readonly Path[], events: Event[], reads: Event[], src: readonly Event[], order: readonly (readonly number[])[]): Execution {
  const n = events.length;
  const rfPairs: [number, number][] = reads.map((r, i) => [src[i]!.id, r.id]);
  const coPairs: [number, number][] = [];
  const coOrder = new Map<string, readonly number[]>();
  const finals = new Map<string, Value>();
  [...shape.locations.keys()].forEach((loc, i) => {
    const o = order[i]!;
    coOrder.set(loc, o);
    finals.set(loc, events[o[o.length - 1]!]!.value!);
    for (let a = 0; a < o.length; a++) for (let b = a + 1; b < o.length; b++) coPairs.push([o[a]!, o[b]!]);
    if (shape.locks.has(loc)) rfPairs.push(...lockReads(events, o));
  });
  const regs = new Map<string, Value>();
  combo.forEach((p, t) => {
    for (const [k, v] of p.regs) if (!test.threads[t]!.params.some((q) => q.name === k)) regs.set(`${t}:${k}`, v);
  });
  return { events, rf: Rel.from(n, rfPairs), co: Rel.from(n, coPairs), coOrder, regs, finals };
}

/** Each lock acquire reads from the write just before its LKW in the lock's co order. */
function lockReads(events: readonly Event[], order: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  order.forEach((w, i) => {
    if (events[w]!.lock !== 'LKW') return;
    const lkr = events.find((e) => e.rmwWith === w)!;
    out.push([order[i - 1]!, lkr.id]);
  });
  return out;
}

function buildEvents(shape: Shape, combo: readonly Path[]): Event[] {
  const events: Event[] = [];
  let index = 0;
  for (const [loc, value] of shape.locations) {
    events.push({ id: events.length, thread: -1, index: index++, kind: 'W', loc, value, addr: [], data: [], ctrl: [], text: `${loc}=${String(value)}` });
  }
  combo.forEach((p, t) => {
    const base = events.length;
    p.events.forEach((e, i) => {
      const rmw = e.rmwWith === undefined ? {} : { rmwWith: base + e.rmwWith };
      events.push({ ...e, ...rmw, id: base + i, thread: t, index: i });
    });
  });
  return events;
}

/**
 * lock.cat's rf-lf: a failed trylock inside its own thread's critical section reads from that
 * section's LKW (rfi-lf); any other reads from an LKW of another thread (rfe-lf).
 */
function lockFailSources(events: readonly Event[], lf: Event): Event[] {
  const own = events.filter((e) => e.thread === lf.thread && e.loc === lf.loc && e.index < lf.index && (e.lock === 'LKW' || e.lock === 'UL'));
  const last = own[own.length - 1];
  if (last?.lock === 'LKW') return [last];
  return events.filter((e) => e.lock === 'LKW' && e.loc === lf.loc && e.thread !== lf.thread);
}

/** A thread that takes a lock it already holds never finishes (lock.cat's lock-nest). */
function deadlocks(p: Path): boolean {
  const held = new Set<string>();
  for (const e of p.events) {
    if (e.lock === 'LKW') {
      if (held.has(e.loc!)) return true;
      held.add(e.loc!);
    } else if (e.lock === 'UL') {
      if (!held.delete(e.loc!)) throw new Unsupported(`${e.text} releases ${e.loc}, which the thread does not hold`, e.source);
    }
  }
  return false;
}

/** Orders of the writes to `loc` after its initial write that keep each thread's writes in po. */
function writeOrders(events: readonly Event[], loc: string): number[][] {
  const init = events.find((e) => e.thread < 0 && e.loc === loc)!;
  const perThread = byThread(events.filter((e) => e.kind === 'W' && e.loc === loc && e.thread >= 0).map((e) => [e]));
  return interleavings(perThread).map((o) => [init.id, ...o.flat().map((e) => e.id)]);
}

/** Orders of the critical sections of `loc`: LKW then UL, one section at a time, an unfinished one last. */
function lockOrders(events: readonly Event[], loc: string): number[][] {
  const init = events.find((e) => e.thread < 0 && e.loc === loc)!;
  const closed: Event[][] = [];
  const open: Event[] = [];
  const held = new Map<number, Event>();
  for (const e of events) {
    if (e.loc !== loc || e.thread < 0) continue;
    if (e.lock === 'LKW') held.set(e.thread, e);
    if (e.lock === 'UL') {
      closed.push([held.get(e.thread)!, e]);
      held.delete(e.thread);
    }
  }
  open.push(...held.values());
  if (open.length > 1) return []; // two unfinished sections of one lock: one of them waits forever
  return interleavings(byThread(closed)).map((o) => [init.id, ...o.flat().map((e) => e.id), ...open.map((e) => e.id)]);
}

/** Groups items (each a list of one thread's events) into per-thread sequences, in po. */
function byThread(items: readonly Event[][]): Event[][][] {
  const out = new Map<number, Event[][]>();
  for (const it of items) out.set(it[0]!.thread, [...(out.get(it[0]!.thread) ?? []), it]);
  return [...out.values()];
}

const MAX_ORDERS = 100_000;

/** Every merge of the sequences that keeps each one's order (the coherence orders po allows). */
function interleavings<T>(seqs: readonly (readonly T[])[]): T[][] {
  let count = 1;
  let total = 0;
  for (const q of seqs) {
    for (let i = 1; i <= q.length; i++) count = (count * ++total) / i;
  }
  if (count > MAX_ORDERS) throw new Unsupported(`more than ${MAX_ORDERS} coherence orders for one location; the test is too large`);
  const out: T[][] = [];
  const go = (at: readonly number[], acc: T[]): void => {
    if (acc.length === total) return void out.push(acc);
    seqs.forEach((q, i) => {
      if (at[i]! < q.length) go(at.map((a, j) => (j === i ? a + 1 : a)), [...acc, q[at[i]!]!]);
    });
  };
  go(seqs.map(() => 0), []);
  return out;
}

/** The cartesian product, one combination at a time. */
function* product<T>(lists: readonly (readonly T[])[], prefix: T[] = []): Generator<T[]> {
  if (prefix.length === lists.length) {
    yield prefix;
    return;
  }
  for (const x of lists[prefix.length]!) yield* product(lists, [...prefix, x]);
}
