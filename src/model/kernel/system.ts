/**
 * A kernel system: fields declared as shared memory, thread-local or ghost; threads; a memory model.
 * It lays out the packed state (adding store buffers under a weak model), compiles kernel-code steps
 * into engine actions and adds the steps that make buffered stores visible.
 */
import { Layout, type FieldId, type StateVector } from '../layout.js';
import type { Action } from '../model.js';
import { compileStep, KernelModelError, type CompiledStep, type KernelEvent } from './compile.js';
import { bufferedSemantics } from './buffer.js';
import {
  DEC, INC, STORE, bufferFieldSpecs, rdSlot, scSemantics, wrSlot,
  type EntrySlots, type FieldDecl, type LockKind, type MemoryContext, type MemoryModelName, type Semantics, type Slot,
} from './memory.js';
import { opExprs, walkExpr, walkOps, type StepDef } from './program.js';

export interface KernelSystemSpec {
  readonly fields: readonly FieldDecl[];
  /** Thread names, indexed by thread number. */
  readonly threads: readonly string[];
  readonly memoryModel: MemoryModelName;
  /** Store-buffer depth per thread under a weak model. */
  readonly storeBuffer: number;
}

export class KernelSystem {
  readonly layout: Layout;
  readonly memoryModel: MemoryModelName;
  readonly threads: readonly string[];
  readonly #decls: readonly FieldDecl[];
  readonly #slots: Slot[];
  #sems: Semantics[];
  readonly #ctx: MemoryContext;
  readonly #weak: boolean;
  readonly #buffers: FieldId[][];
  readonly #entries: EntrySlots[][];
  /** The flush actions after the compiled steps, in order: whose buffer, which entry. */
  readonly #flushes: { thread: number; entry: number }[] = [];
  #compiled: CompiledStep[] = [];

  constructor(spec: KernelSystemSpec) {
    const shared = spec.fields.filter((f) => f.kind === 'shared');
    const valueBits = Math.max(1, ...shared.map((f) => f.bits));
    const weak = spec.memoryModel !== 'sc';
    if (weak && !(Number.isInteger(spec.storeBuffer) && spec.storeBuffer >= 1 && spec.storeBuffer <= 4)) {
      throw new KernelModelError(`store buffer depth ${spec.storeBuffer} cannot be encoded (allowed: 1..4)`);
    }
    const bufferSpecs = weak ? spec.threads.map((t) => bufferFieldSpecs(t, spec.storeBuffer, shared.length, valueBits)) : [];
    this.layout = new Layout([...spec.fields, ...bufferSpecs.flat()]);
    this.memoryModel = spec.memoryModel;
    this.threads = spec.threads;
    this.#decls = spec.fields;
    this.#slots = this.layout.fields.map((f) => ({ w: f.word, sh: f.shift, m: f.max, name: f.name }));
    const sharedIndex = new Int32Array(this.layout.fields.length);
    const sharedFields: FieldId[] = [0 as FieldId];
    for (const f of shared) {
      const id = this.layout.field(f.name);
      sharedIndex[id] = sharedFields.length;
      sharedFields.push(id);
    }
    const ctx: MemoryContext = { layout: this.layout, slots: this.#slots, sharedIndex, sharedFields, name: (f) => this.name(f) };
    this.#buffers = spec.threads.map((_t, i) => (bufferSpecs[i] ?? []).map((b) => this.layout.field(b.name)));
    this.#entries = spec.threads.map((t) =>
      !weak ? [] : Array.from({ length: spec.storeBuffer }, (_x, i) => {
        const s = (k: string) => this.#slots[this.layout.field(`${t}.sb[${i}].${k}`)]!;
        return { loc: s('loc'), op: s('op'), val: s('val'), fence: s('fence'), release: s('release') };
      }));
    this.#ctx = ctx;
    this.#weak = weak;
    this.#sems = spec.threads.map(() => scSemantics(ctx));
  }

  /** Per-thread semantics, once the steps say which locations each thread alone touches. */
  #makeSemantics(steps: readonly StepDef[]): void {
    if (!this.#weak) return;
    const touchers = new Map<FieldId, Set<number>>();
    const touch = (loc: FieldId, th: number) => {
      const s = touchers.get(loc) ?? new Set<number>();
      s.add(th);
      touchers.set(loc, s);
    };
    for (const d of steps) {
      for (const e of [d.when, ...[...walkOps(d.body)].flatMap(opExprs)]) for (const x of walkExpr(e)) if (x.k === 'load') touch(x.loc, d.thread);
      for (const op of walkOps(d.body)) {
        if (op.op === 'store' || op.op === 'atomic' || op.op === 'atomic_return') touch(op.loc, d.thread);
        if (op.op === 'lock' && op.lock !== undefined) touch(op.lock, d.thread);
      }
    }
    const fifo = this.memoryModel === 'x86-tso';
    this.#sems = this.threads.map((_t, th) => {
      const own = new Uint8Array(this.layout.fields.length);
      // A lock word is never private: its unlock is a release, and re-acquiring it waits for that
      // release, which orders one critical section's stores before the next one's (LKMM agrees).
      for (const [loc, ths] of touchers) if (ths.size === 1 && ths.has(th) && this.lockKind(loc) === undefined) own[loc] = 1;
      return bufferedSemantics(this.#ctx, this.#entries[th]!, { fifo, lockedAtomics: fifo, private: own });
    });
  }

  field(name: string): FieldId {
    return this.layout.field(name);
  }
  name(f: FieldId): string {
    return this.layout.fields[f]!.name;
  }
  slot(f: FieldId): Slot {
    return this.#slots[f]!;
  }
  threadName(t: number): string {
    return this.threads[t] ?? `thread ${t}`;
  }
  kind(f: FieldId): FieldDecl['kind'] | 'buffer' {
    return this.#decls[f]?.kind ?? 'buffer';
  }
  lockKind(f: FieldId): LockKind | undefined {
    const d = this.#decls[f];
    return d?.kind === 'shared' ? d.lock : undefined;
  }
  /** Whether `thread` may read and write the non-shared field `f`. */
  owns(thread: number, f: FieldId): boolean {
    const d = this.#decls[f];
    return d === undefined ? false : d.kind === 'ghost' || (d.kind === 'local' && d.owners.includes(thread));
  }
  semantics(thread: number): Semantics {
    const s = this.#sems[thread];
    if (s === undefined) throw new KernelModelError(`no thread ${thread}`);
    return s;
  }
  bufferFields(thread: number): readonly FieldId[] {
    return this.#buffers[thread] ?? [];
  }
  /** Every store-buffer field of every thread. */
  allBufferFields(): FieldId[] {
    return this.#buffers.flat();
  }
  read(s: StateVector, f: FieldId): number {
    return rdSlot(s, this.#slots[f]!);
  }
  write(n: Uint32Array, f: FieldId, v: number): void {
    wrSlot(n, this.#slots[f]!, v);
  }
  /** True when no store is waiting in `thread`'s buffer. */
  bufferEmpty(thread: number, s: StateVector): boolean {
    const es = this.#entries[thread];
    return es === undefined || es.length === 0 || rdSlot(s, es[0]!.loc) === 0;
  }
  /** True when no store is waiting in any buffer: what every CPU sees is memory. */
  drained(s: StateVector): boolean {
    for (const es of this.#entries) if (es.length > 0 && rdSlot(s, es[0]!.loc) !== 0) return false;
    return true;
  }
  /**
   * `thread`'s store buffer in `s`, oldest first: `audit_n_rules=1, T0.TIF_SYSCALL_AUDIT=0 | wmb`
   * (`| wmb`: an smp_wmb() orders what is before it; `(release)`: may only become visible oldest).
   * Empty string for an empty buffer.
   */
  describeBuffer(thread: number, s: StateVector): string {
    const parts: string[] = [];
    for (const e of this.#entries[thread] ?? []) {
      const what = this.#entryText(s, e);
      if (what === '') break;
      parts.push(`${what}${rdSlot(s, e.release) === 1 ? ' (release)' : ''}${rdSlot(s, e.fence) === 1 ? ' | wmb' : ''}`);
    }
    return parts.join(', ');
  }

  /** `audit_n_rules=1`, `audit_n_rules++`; '' for an empty entry. */
  #entryText(s: StateVector, e: EntrySlots): string {
    const l = rdSlot(s, e.loc);
    if (l === 0) return '';
    const name = this.name(this.#ctx.sharedFields[l]!);
    const op = rdSlot(s, e.op);
    return op === STORE ? `${name}=${rdSlot(s, e.val)}` : op === INC ? `${name}++` : op === DEC ? `${name}--` : `${name}?`;
  }

  /** Stores that found a full buffer so far (a bounded search then says so). */
  overflows(): number {
    return this.#sems.reduce((a, s) => a + s.overflows.count, 0);
  }

  /** Compiles `steps` (validating each) and appends the store-buffer flush steps of a weak model. */
  compile(steps: readonly StepDef[]): Action[] {
    this.#makeSemantics(steps);
    const storable = this.threads.map(() => new Set<FieldId>());
    for (const d of steps) {
      for (const op of walkOps(d.body)) {
        if (op.op === 'store' || op.op === 'atomic' || op.op === 'atomic_return') storable[d.thread]?.add(op.loc);
        if (op.op === 'lock' && op.lock !== undefined) storable[d.thread]?.add(op.lock);
      }
    }
    this.#flushes.length = 0;
    this.#compiled = steps.map((d) => compileStep(this, d, [...(storable[d.thread] ?? [])]));
    const actions = this.#compiled.map((c) => c.action);
    this.threads.forEach((t, th) => {
      const entries = this.#entries[th]!;
      if (entries.length === 0 || storable[th]!.size === 0) return;
      const fp = [...this.#buffers[th]!, ...storable[th]!];
      const n = this.memoryModel === 'x86-tso' ? 1 : entries.length;
      for (let i = 0; i < n; i++) {
        actions.push(this.#flushAction(t, th, i, n === 1, fp));
        this.#flushes.push({ thread: th, entry: i });
      }
    });
    return actions;
  }

  #flushAction(t: string, th: number, i: number, only: boolean, fp: readonly FieldId[]): Action {
    const sem = this.#sems[th]!;
    const bit = 1 << i;
    return {
      name: only ? `${t}: store becomes visible` : `${t}: store sb[${i}] becomes visible`,
      label: 'store becomes visible',
      source: `store buffer (${this.memoryModel})`,
      thread: th,
      footprint: { reads: [...fp], writes: [...fp], guard: [...this.#buffers[th]!] },
      enabled: (s) => (sem.flushable(s) & bit) !== 0,
      apply: (_s, n) => sem.flush(n, i),
    };
  }

  /** What action `index` does from `s`: its loads with the values they return, stores, barriers, locks. */
  events(index: number, s: StateVector): KernelEvent[] {
    const c = this.#compiled[index];
    if (c !== undefined) return c.events(s);
    const f = this.#flushes[index - this.#compiled.length];
    const e = f === undefined ? undefined : this.#entries[f.thread]![f.entry];
    const what = e === undefined ? '' : this.#entryText(s, e);
    return [{ kind: 'flush', prim: 'flush', spelling: what === '' ? 'store becomes visible' : `${what} becomes visible` }];
  }
}
