/**
 * Turns kernel-code steps (./program.ts) into engine actions under a memory model. Footprints are
 * derived from the program (every location any branch names), so they cannot lie; misuse of a
 * primitive is a {@link KernelModelError} at build time, naming the step.
 */
import { compileBody, compileGuard, type GenContext } from './fast-expr.js';
import type { FieldId, StateVector } from '../layout.js';
import type { Action } from '../model.js';
import { ACQUIRES, opExprs, walkExpr, walkOps, type Expr, type LockPrim, type Op, type StepDef } from './program.js';
import { acquired, available, type Semantics } from './memory.js';
import type { KernelSystem } from './system.js';

/** A kernel step or variant file that misuses the vocabulary. The message is one line. */
export class KernelModelError extends Error {
  override readonly name = 'KernelModelError';
}

/** What a step did, for traces and litmus export (never on the hot path). */
export interface KernelEvent {
  readonly kind: 'load' | 'store' | 'atomic' | 'atomic_return' | 'barrier' | 'lock' | 'unlock' | 'flush';
  /** The primitive, e.g. `READ_ONCE`, `set_bit`, `smp_mb`, `write_lock`. */
  readonly prim: string;
  /** How the call site spells it, e.g. `set_tsk_thread_flag`, `write_lock_irq`. */
  readonly spelling: string;
  readonly loc?: FieldId;
  /** Value read (load, atomic_return: the old value) or written (store). */
  readonly value?: number;
}

type Sink = KernelEvent[] | null;
type Eval = (n: StateVector, sink: Sink) => number;
type Run = (n: Uint32Array, sink: Sink) => void;

const LOCK_KIND: Readonly<Record<string, string>> = {
  spin_lock: 'spinlock', spin_unlock: 'spinlock', read_lock: 'rwlock', read_unlock: 'rwlock',
  write_lock: 'rwlock', write_unlock: 'rwlock', mutex_lock: 'mutex', mutex_unlock: 'mutex',
};

export interface CompiledStep {
  readonly action: Action;
  /** Re-runs the step on `s`, recording its events. */
  events(s: StateVector): KernelEvent[];
}

/** Compiles `def` for `sys`. `storable` is every shared location the thread may store to. */
export function compileStep(sys: KernelSystem, def: StepDef, storable: readonly FieldId[]): CompiledStep {
  const sem = sys.semantics(def.thread);
  const bad = (what: string) => new KernelModelError(`step '${def.name}': ${what}`);
  validate(sys, def, bad);
  const lead = leadingAcquires(def.body);
  const guardExpr = compileExpr(sys, sem, def.when);
  const gen: GenContext = {
    sys, sem, available,
    wouldWait: (lock) => {
      throw bad(`acquiring ${sys.name(lock as FieldId)} would wait inside an atomic step; start a new step at the acquisition`);
    },
  };
  const guard = compileGuard(gen, def.when);
  const fastBody = compileBody(gen, def.body);
  const locks = lead.map((op) => ({ lock: op.lock!, prim: op.prim, max: sys.slot(op.lock!).m }));
  const body = compileOps(sys, sem, def.body, bad);
  const fp = footprint(sys, def, storable);
  const action: Action = {
    name: def.name,
    label: def.func,
    source: def.file,
    thread: def.thread,
    footprint: fp,
    // The hot path: most steps take no lock, so their guard is the whole test.
    enabled: locks.length === 0
      ? guard
      : (s) => {
        if (!guard(s)) return false;
        for (const l of locks) if (!available(l.prim, sem.load(s, l.lock), l.max)) return false;
        return true;
      },
    apply: fastBody,
    ...(def.note === undefined ? {} : { note: def.note }),
  };
  return {
    action,
    events(s) {
      const sink: KernelEvent[] = [];
      const n = Uint32Array.from(s);
      guardExpr(s, sink);
      body(n, sink);
      // The generated form is what the search ran: reports must describe the same step.
      const fast = Uint32Array.from(s);
      fastBody(s, fast);
      if (fast.some((w, i) => w !== n[i])) throw new KernelModelError(`step '${def.name}': its generated and closure forms disagree`);
      return sink;
    },
  };
}

function leadingAcquires(body: readonly Op[]): (Op & { op: 'lock' })[] {
  const out: (Op & { op: 'lock' })[] = [];
  for (const op of body) {
    if (op.op !== 'lock') break;
    if (ACQUIRES.has(op.prim)) out.push(op);
    else if (op.prim !== 'rcu_read_lock') break;
  }
  return out;
}

function validate(sys: KernelSystem, def: StepDef, bad: (w: string) => KernelModelError): void {
  const checkExpr = (e: Expr) => {
    for (const x of walkExpr(e)) {
      if (x.k === 'load' && sys.kind(x.loc) !== 'shared') throw bad(`${x.prim}(${sys.name(x.loc)}): not a shared location`);
      if (x.k === 'load' && sys.lockKind(x.loc) !== undefined) throw bad(`${x.prim}(${sys.name(x.loc)}): a lock word is taken with lock primitives, not read`);
      if (x.k === 'field') {
        if (sys.kind(x.f) === 'shared') throw bad(`${sys.name(x.f)} is shared memory: read it with READ_ONCE or a plain read`);
        if (!sys.owns(def.thread, x.f)) throw bad(`${sys.threadName(def.thread)} reads ${sys.name(x.f)}, which only its owner may touch`);
      }
    }
  };
  checkExpr(def.when);
  const list = (ops: readonly Op[]) => {
    ops.forEach((op, i) => {
      for (const e of opExprs(op)) checkExpr(e);
      if (op.op === 'if') {
        list(op.then);
        list(op.else);
      }
      if (op.op === 'store' || op.op === 'atomic' || op.op === 'atomic_return') {
        if (sys.kind(op.loc) !== 'shared' || sys.lockKind(op.loc) !== undefined) throw bad(`${op.prim}(${sys.name(op.loc)}): not a shared data location`);
      }
      if ((op.op === 'set' || op.op === 'atomic_return')) {
        const f = op.op === 'set' ? op.f : op.into;
        if (sys.kind(f) === 'shared') throw bad(`${sys.name(f)} is shared memory: write it with WRITE_ONCE or an atomic`);
        if (!sys.owns(def.thread, f)) throw bad(`${sys.threadName(def.thread)} writes ${sys.name(f)}, which only its owner may touch`);
      }
      if (op.op === 'lock' && op.lock !== undefined && sys.lockKind(op.lock) !== LOCK_KIND[op.prim]) {
        throw bad(`${op.spelling}(${sys.name(op.lock)}): not a ${LOCK_KIND[op.prim]}`);
      }
      if (op.op === 'barrier' && op.prim === 'smp_mb__before_atomic' && !isAtomic(ops[i + 1])) throw bad('smp_mb__before_atomic() must come right before an atomic');
      if (op.op === 'barrier' && op.prim === 'smp_mb__after_atomic' && !isAtomic(ops[i - 1])) throw bad('smp_mb__after_atomic() must come right after an atomic');
    });
  };
  list(def.body);
}

const isAtomic = (op: Op | undefined): boolean => op !== undefined && (op.op === 'atomic' || op.op === 'atomic_return');

function footprint(sys: KernelSystem, def: StepDef, storable: readonly FieldId[]) {
  const guard = new Set<FieldId>();
  const reads = new Set<FieldId>();
  const writes = new Set<FieldId>();
  const own = sys.bufferFields(def.thread);
  let memOps = false;
  const exprFields = (e: Expr, into: Set<FieldId>) => {
    for (const x of walkExpr(e)) {
      if (x.k === 'field' || x.k === 'peek') into.add(x.f);
      if (x.k === 'load') {
        into.add(x.loc);
        for (const b of own) into.add(b);
      }
    }
  };
  exprFields(def.when, guard);
  for (const op of leadingAcquires(def.body)) {
    guard.add(op.lock!);
    for (const b of own) guard.add(b);
  }
  for (const op of walkOps(def.body)) {
    for (const e of opExprs(op)) exprFields(e, reads);
    if (op.op === 'set') writes.add(op.f);
    if (op.op === 'atomic_return') writes.add(op.into);
    if (op.op === 'store' || op.op === 'atomic' || op.op === 'atomic_return') {
      reads.add(op.loc);
      writes.add(op.loc);
      memOps = true;
    }
    if (op.op === 'lock' && op.lock !== undefined) {
      reads.add(op.lock);
      writes.add(op.lock);
      memOps = true;
    }
    if (op.op === 'barrier') memOps = true;
  }
  // Under a weak model a store, drain or overflow may make any of the thread's pending stores visible.
  if (memOps && own.length > 0) {
    for (const f of [...own, ...storable]) {
      reads.add(f);
      writes.add(f);
    }
  }
  for (const f of guard) reads.add(f);
  return { reads: [...reads], writes: [...writes], guard: [...guard] };
}

function compileExpr(sys: KernelSystem, sem: Semantics, e: Expr): Eval {
  switch (e.k) {
    case 'const': {
      const v = e.v;
      return () => v;
    }
    case 'field': {
      const f = sys.slot(e.f);
      return (n) => (n[f.w]! >>> f.sh) & f.m;
    }
    case 'load': {
      const { loc, prim } = e;
      return (n, sink) => {
        const v = sem.load(n, loc);
        if (sink !== null) sink.push({ kind: 'load', prim, spelling: prim, loc, value: v });
        return v;
      };
    }
    case 'peek': {
      const f = sys.slot(e.f);
      return (n) => (n[f.w]! >>> f.sh) & f.m;
    }
    case 'not': {
      const a = compileExpr(sys, sem, e.a);
      return (n, sink) => (a(n, sink) === 0 ? 1 : 0);
    }
    case 'in': {
      const a = compileExpr(sys, sem, e.a);
      const mask = e.mask;
      return (n, sink) => ((mask >>> a(n, sink)) & 1);
    }
    case 'cond': {
      const c = compileExpr(sys, sem, e.c);
      const a = compileExpr(sys, sem, e.a);
      const b = compileExpr(sys, sem, e.b);
      return (n, sink) => (c(n, sink) !== 0 ? a(n, sink) : b(n, sink));
    }
    case 'bin': {
      const a = compileExpr(sys, sem, e.a);
      const b = compileExpr(sys, sem, e.b);
      switch (e.op) {
        case '==': return (n, k) => (a(n, k) === b(n, k) ? 1 : 0);
        case '!=': return (n, k) => (a(n, k) !== b(n, k) ? 1 : 0);
        case '<': return (n, k) => (a(n, k) < b(n, k) ? 1 : 0);
        case '+': return (n, k) => a(n, k) + b(n, k);
        case '-': return (n, k) => a(n, k) - b(n, k);
        case 'min': return (n, k) => Math.min(a(n, k), b(n, k));
        // Short-circuit, as C does: the right side's loads happen only when evaluated.
        case '&&': return (n, k) => (a(n, k) !== 0 && b(n, k) !== 0 ? 1 : 0);
        case '||': return (n, k) => (a(n, k) !== 0 || b(n, k) !== 0 ? 1 : 0);
      }
    }
  }
}

function compileOps(sys: KernelSystem, sem: Semantics, ops: readonly Op[], bad: (w: string) => KernelModelError): Run {
  const runs = ops.map((op) => compileOp(sys, sem, op, bad));
  if (runs.length === 1) return runs[0]!;
  return (n, sink) => {
    for (const r of runs) r(n, sink);
  };
}

function compileOp(sys: KernelSystem, sem: Semantics, op: Op, bad: (w: string) => KernelModelError): Run {
  switch (op.op) {
    case 'set': {
      const f = op.f;
      const v = compileExpr(sys, sem, op.value);
      return (n, sink) => sys.write(n, f, v(n, sink));
    }
    case 'if': {
      const c = compileExpr(sys, sem, op.cond);
      const t = compileOps(sys, sem, op.then, bad);
      const e = compileOps(sys, sem, op.else, bad);
      return (n, sink) => (c(n, sink) !== 0 ? t(n, sink) : e(n, sink));
    }
    case 'store': {
      const { loc, prim } = op;
      const v = compileExpr(sys, sem, op.value);
      const release = prim === 'smp_store_release';
      return (n, sink) => {
        const x = v(n, sink);
        sem.store(n, loc, x, release);
        if (sink !== null) sink.push({ kind: 'store', prim, spelling: prim, loc, value: x });
      };
    }
    case 'atomic': {
      const { loc, prim, spelling } = op;
      return (n, sink) => {
        sem.atomic(n, loc, prim);
        if (sink !== null) sink.push({ kind: 'atomic', prim, spelling, loc });
      };
    }
    case 'atomic_return': {
      const { loc, prim, into } = op;
      const v = compileExpr(sys, sem, op.value);
      return (n, sink) => {
        const old = sem.atomicReturn(n, loc, prim, v(n, sink));
        sys.write(n, into, old);
        if (sink !== null) sink.push({ kind: 'atomic_return', prim, spelling: prim, loc, value: old });
      };
    }
    case 'barrier': {
      const { prim } = op;
      return (n, sink) => {
        sem.barrier(n, prim);
        if (sink !== null) sink.push({ kind: 'barrier', prim, spelling: prim });
      };
    }
    case 'lock':
      return compileLock(sys, sem, op, bad);
  }
}

function compileLock(sys: KernelSystem, sem: Semantics, op: Op & { op: 'lock' }, bad: (w: string) => KernelModelError): Run {
  const { lock, prim, spelling } = op;
  const ordered = op.unordered !== true;
  if (lock === undefined) {
    return (_n, sink) => {
      if (sink !== null) sink.push({ kind: 'lock', prim, spelling });
    };
  }
  const max = sys.slot(lock).m;
  if (ACQUIRES.has(prim)) {
    return (n, sink) => {
      // A leading acquisition was checked by the guard; a later one must not have to wait.
      if (!available(prim, sem.load(n, lock), max)) throw bad(`${spelling}(${sys.name(lock)}) would wait inside an atomic step; start a new step at the acquisition`);
      sem.acquire(n, lock, prim as LockPrim, ordered);
      if (sink !== null) sink.push({ kind: 'lock', prim, spelling, loc: lock, value: acquired(prim, 0, max) });
    };
  }
  return (n, sink) => {
    sem.unlock(n, lock, prim, ordered);
    if (sink !== null) sink.push({ kind: 'unlock', prim, spelling, loc: lock });
  };
}
