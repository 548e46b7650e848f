/**
 * Test fixture: a litmus test written as kernel steps and run through KernelSystem, so the memory
 * semantics the audit model uses can be checked against textbook outcomes. Each instruction of a
 * thread is one atomic step; registers are thread-local fields. Exhaustive and deliberately simple
 * (a string-keyed visited set): no engine, no reduction.
 */
import type { FieldId, StateVector } from '../layout.js';
import type { Model } from '../model.js';
import type { FieldDecl, LockKind, MemoryModelName } from './memory.js';
import { and, eq, field, num, set, type Op, type StepDef } from './program.js';
import { KernelSystem } from './system.js';
import { withoutSites } from './ablation.js';

/** Named handles: shared locations, locks and every thread's registers (`r0`, `r1`, ... per thread). */
export interface Names {
  loc(name: string): FieldId;
  reg(thread: number, name: string): FieldId;
}

export interface LitmusShape {
  /** Shared locations. */
  readonly locs: readonly string[];
  /** Width of every location and register in bits (default 2). */
  readonly bits?: number;
  readonly locks?: Readonly<Record<string, LockKind>>;
  /** Registers per thread. */
  readonly regs?: readonly (readonly string[])[];
  /** Per thread, its instructions in program order; each is one atomic step. */
  readonly threads: readonly (readonly ((n: Names) => Op[])[])[];
}

export interface LitmusRun {
  readonly sys: KernelSystem;
  readonly model: Model;
  readonly names: Names;
  /** Every final state: every thread done and every store buffer drained. */
  finals(): StateVector[];
}

/**
 * Compiles `shape` under `memoryModel` into a Model whose valid ends are the finished, drained states.
 * `remove`: ablation sites (./ablation.ts) taken out first; thread `Pi`'s steps are code of function `Pi`.
 */
export function buildLitmus(shape: LitmusShape, memoryModel: MemoryModelName, storeBuffer = 2, remove: readonly string[] = []): LitmusRun {
  const threads = shape.threads.map((_t, i) => `P${i}`);
  const fields: FieldDecl[] = [
    ...shape.locs.map((name): FieldDecl => ({ name, bits: shape.bits ?? 2, kind: 'shared' })),
    ...Object.entries(shape.locks ?? {}).map(([name, lock]): FieldDecl => ({ name, bits: 2, kind: 'shared', lock })),
    ...threads.flatMap((t, i): FieldDecl[] => [
      { name: `${t}.pc`, bits: 4, kind: 'local', owners: [i] },
      ...(shape.regs?.[i] ?? []).map((r): FieldDecl => ({ name: `${t}.${r}`, bits: shape.bits ?? 2, kind: 'local', owners: [i] })),
    ]),
  ];
  const sys = new KernelSystem({ fields, threads, memoryModel, storeBuffer });
  const names: Names = { loc: (name) => sys.layout.field(name), reg: (t, r) => sys.layout.field(`P${t}.${r}`) };
  const steps: StepDef[] = shape.threads.flatMap((prog, t) => {
    const pc = names.reg(t, 'pc');
    return prog.map((instr, i): StepDef => ({
      name: `P${t}: ${i}`, func: `P${t}`, file: 'litmus', thread: t,
      when: and(eq(field(pc), num(i))), body: [...instr(names), set(pc, i + 1)],
    }));
  });
  const actions = sys.compile(withoutSites(steps, remove, (f) => sys.name(f)));
  const done = (s: StateVector) => shape.threads.every((prog, t) => sys.read(s, names.reg(t, 'pc')) === prog.length);
  const model: Model = {
    name: 'litmus', layout: sys.layout, initialStates: [sys.layout.zero()], actions, threadNames: threads,
    isValidEnd: (s) => done(s) && sys.drained(s),
  };
  return { sys, model, names, finals: () => explore(model).filter((s) => done(s) && sys.drained(s)) };
}

/** Every reachable state of `model` (small models only). */
export function explore(model: Model): StateVector[] {
  const seen = new Set<string>();
  const out: StateVector[] = [];
  const queue = [...model.initialStates];
  while (queue.length > 0) {
    const s = queue.pop()!;
    const key = s.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(s);
    for (const a of model.actions) {
      if (!a.enabled(s)) continue;
      const next = Uint32Array.from(s);
      a.apply(s, next);
      queue.push(next);
    }
  }
  return out;
}
