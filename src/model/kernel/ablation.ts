/**
 * Barrier ablation: the barriers a program writes, by site, and the program with one of them removed.
 * A site is a barrier primitive in a kernel function, the same for every thread that runs that code
 * (`smp_mb in __audit_syscall_exit`); barriers some other kernel code implies (schedule(), a wakeup)
 * are not sites, since no patch can remove them. Nothing here knows about a particular protocol.
 */
import type { Op, StepDef } from './program.js';

export interface BarrierSite {
  /**
   * `smp_wmb before set_tsk_thread_flag`, `smp_mb after clear_thread_flag` (the memory access it
   * orders), else `smp_mb in <function>`; ` #2` for a second one of the same name in a step.
   */
  readonly id: string;
  readonly func: string;
  readonly file: string;
}

/** Every barrier site of `steps`, in first-appearance order. */
export function barrierSites(steps: readonly StepDef[]): BarrierSite[] {
  const sites = new Map<string, BarrierSite>();
  for (const def of steps) {
    for (const id of siteIds(def)) if (!sites.has(id)) sites.set(id, { id, func: def.func, file: def.file });
  }
  return [...sites.values()];
}

/** `steps` with every barrier of the sites in `remove` taken out (their steps otherwise unchanged). */
export function withoutBarriers(steps: readonly StepDef[], remove: readonly string[]): StepDef[] {
  if (remove.length === 0) return [...steps];
  const drop = new Set(remove);
  return steps.map((def) => {
    const ids = siteIds(def);
    let k = 0;
    const strip = (ops: readonly Op[]): Op[] =>
      ops.flatMap((op): Op[] => {
        if (op.op === 'barrier' && op.implied === undefined) return drop.has(ids[k++]!) ? [] : [op];
        if (op.op === 'if') return [{ ...op, then: strip(op.then), else: strip(op.else) }];
        return [op];
      });
    return ids.some((id) => drop.has(id)) ? { ...def, body: strip(def.body) } : def;
  });
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
