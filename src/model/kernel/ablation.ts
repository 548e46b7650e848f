/**
 * Ablation: the ordering a program writes, by site, and the program with one site's ordering taken out.
 *  - A barrier site is a barrier primitive in a kernel function, the same for every thread that runs
 *    that code (`smp_mb after clear_thread_flag`); removing it deletes the barrier. Barriers some other
 *    kernel code implies (schedule(), a wakeup) are not sites, since no patch can remove them.
 *  - A lock site is one lock primitive on one lock in one kernel function
 *    (`write_unlock_irq(&tasklist_lock) in copy_process`); removing it keeps the mutual exclusion and
 *    takes only its acquire/release ordering away (what that is per model: lockOrderingMatters in
 *    ./memory.ts). RCU read-side sections exclude nothing and order nothing here: not sites.
 * Nothing here knows about a particular protocol.
 */
import type { FieldId } from '../layout.js';
import type { LockPrim, Op, StepDef } from './program.js';

export interface AblationSite {
  /**
   * Barrier: `smp_wmb before set_tsk_thread_flag`, `smp_mb after clear_thread_flag` (the memory access
   * it orders), else `smp_mb in <function>`; ` #2` for a second one of the same name in a step.
   * Lock: `<spelling>(&<lock>) in <function>`.
   */
  readonly id: string;
  readonly kind: 'barrier' | 'lock';
  /** For a lock site, its primitive (whether its ordering means anything depends on the model). */
  readonly lockPrim?: LockPrim;
  readonly func: string;
  readonly file: string;
}

/** Names lock words in site ids. */
export type FieldName = (f: FieldId) => string;

/** Every site of `steps`: barrier sites, then lock sites, each in first-appearance order. */
export function ablationSites(steps: readonly StepDef[], name: FieldName): AblationSite[] {
  const sites = new Map<string, AblationSite>();
  for (const def of steps) {
    for (const id of siteIds(def)) if (!sites.has(id)) sites.set(id, { id, kind: 'barrier', func: def.func, file: def.file });
  }
  for (const def of steps) {
    for (const op of lockOps(def.body)) {
      const id = lockSiteId(def, op, name);
      if (!sites.has(id)) sites.set(id, { id, kind: 'lock', lockPrim: op.prim, func: def.within ?? def.func, file: def.file });
    }
  }
  return [...sites.values()];
}

/**
 * `steps` with every barrier of the barrier sites in `remove` taken out and every lock op of the lock
 * sites in `remove` unordered (their steps otherwise unchanged).
 */
export function withoutSites(steps: readonly StepDef[], remove: readonly string[], name: FieldName): StepDef[] {
  if (remove.length === 0) return [...steps];
  const drop = new Set(remove);
  return steps.map((def) => {
    const ids = siteIds(def);
    let k = 0;
    let touched = false;
    const strip = (ops: readonly Op[]): Op[] =>
      ops.flatMap((op): Op[] => {
        if (op.op === 'barrier' && op.implied === undefined && drop.has(ids[k++]!)) {
          touched = true;
          return [];
        }
        if (op.op === 'lock' && op.lock !== undefined && drop.has(lockSiteId(def, op, name))) {
          touched = true;
          return [{ ...op, unordered: true }];
        }
        if (op.op === 'if') return [{ ...op, then: strip(op.then), else: strip(op.else) }];
        return [op];
      });
    const body = strip(def.body);
    return touched ? { ...def, body } : def;
  });
}

function lockSiteId(def: StepDef, op: Op & { op: 'lock' }, name: FieldName): string {
  return `${op.spelling}(&${name(op.lock!)}) in ${def.within ?? def.func}`;
}

/** Lock ops on a lock word, both branches of every `if`, in program order. */
function lockOps(body: readonly Op[]): (Op & { op: 'lock' })[] {
  const out: (Op & { op: 'lock' })[] = [];
  const visit = (ops: readonly Op[]) => {
    for (const op of ops) {
      if (op.op === 'if') {
        visit(op.then);
        visit(op.else);
      } else if (op.op === 'lock' && op.lock !== undefined) out.push(op);
    }
  };
  visit(body);
  return out;
}

/** The site id of each explicit barrier of `def`, in the order a depth-first walk meets them. */
function siteIds(def: StepDef): string[] {
  const count = new Map<string, number>();
  const out: string[] = [];
  const visit = (ops: readonly Op[]) => {
    for (const op of ops) {
      if (op.op === 'if') {
        visit(op.then);
        visit(op.else);
      } else if (op.op === 'barrier' && op.implied === undefined) {
        const i = ops.indexOf(op);
        const base = `${op.prim} ${neighbour(ops[i - 1], 'after') ?? neighbour(ops[i + 1], 'before') ?? `in ${def.func}`}`;
        const n = (count.get(base) ?? 0) + 1;
        count.set(base, n);
        out.push(n === 1 ? base : `${base} #${n}`);
      }
    }
  };
  visit(def.body);
  return out;
}

/** `after clear_thread_flag` when `op` is a memory access, else undefined. */
function neighbour(op: Op | undefined, where: 'after' | 'before'): string | undefined {
  if (op === undefined) return undefined;
  if (op.op === 'atomic' || op.op === 'lock') return `${where} ${op.spelling}`;
  if (op.op === 'store' || op.op === 'atomic_return') return `${where} ${op.prim}`;
  return undefined;
}
