/**
 * `exportPattern`: the racing pattern a variant's barriers protect, as a C litmus test, translated
 * from the variant's own step definitions (the steps the model checks, with the barriers its knobs
 * put in), not from a template.
 *
 * Translation of a step body, restricted to the pattern's locations:
 *  - loads of a pattern location become registers; stores, atomics and barriers become their LKMM
 *    primitives (emit.ts); a stored value over loaded registers keeps its data dependency;
 *  - `if` on a pattern location becomes a C `if` (so its control dependency is kept);
 *  - `if` on anything else (thread-local fields, other locations) is resolved to the branch that
 *    touches a pattern location: the pattern assumes the path of the race (the task is listed, the
 *    walk reaches it); a branch that touches none is left out;
 *  - mutex, rwlock and RCU are outside LKMM's subset: each access names the ones it runs under and
 *    the header lists them.
 */
import type { AuditModel } from '../../model/audit/index.js';
import type { FieldId } from '../../model/layout.js';
import type { Expr as KExpr, Op, StepDef } from '../../model/kernel/program.js';
import { walkOps } from '../../model/kernel/program.js';
import type { Expr, LitmusTest, Stmt, Thread } from '../ast.js';
import {
  ExportError, atom, atomicCall, callExpr, cName, conjunction, docComment, initEntries, loadExpr, num, params, registerDecls,
  storeCall, varExpr, type LocType,
} from './emit.js';

export interface PatternThread {
  /** The model thread's name (`T0`, `auditctl`). */
  readonly thread: string;
  /** The step names, in program order. */
  readonly steps: readonly string[];
}

export interface PatternSpec {
  readonly name: string;
  /** What the pattern is, for the header (lines). */
  readonly about: readonly string[];
  readonly threads: readonly PatternThread[];
  /** The pattern's locations with their initial values. */
  readonly locations: readonly (readonly [FieldId, number])[];
  /** The final values of the bad outcome. */
  readonly bad: readonly (readonly [FieldId, number])[];
}

interface Ctx {
  readonly model: AuditModel;
  readonly kept: ReadonlyMap<FieldId, string>;
  readonly type: (loc: string) => LocType;
  readonly regs: string[];
  readonly held: { key: string; text: string }[];
  readonly leftOut: Set<string>;
  /** The locations the thread's statements name, for its parameters. */
  readonly touched: Set<string>;
  readonly where: string;
}

const touchesKept = (ctx: Ctx, ops: readonly Op[]): boolean =>
  [...walkOps(ops)].some((op) => (op.op === 'store' || op.op === 'atomic' || op.op === 'atomic_return') && ctx.kept.has(op.loc));

function comment(ctx: Ctx, what?: string): string {
  const held = ctx.held.length === 0 ? '' : `, under ${ctx.held.map((h) => h.text).join(', ')}`;
  // `set_tsk_thread_flag in set_tsk_thread_flag, ...` says it twice.
  const prefix = what === undefined || ctx.where.startsWith(`${what},`) ? '' : `${what} in `;
  return `${prefix}${ctx.where}${held}`;
}

/** The litmus expression of `e`, emitting its loads of pattern locations; undefined if it reads anything else. */
function expr(ctx: Ctx, e: KExpr, out: Stmt[]): Expr | undefined {
  switch (e.k) {
    case 'const':
      return num(e.v);
    case 'load': {
      const loc = ctx.kept.get(e.loc);
      if (loc === undefined) return undefined;
      ctx.touched.add(loc);
      const reg = `r${ctx.regs.length}`;
      ctx.regs.push(reg);
      const what = e.prim === 'plain' ? 'plain read' : e.prim;
      out.push({ kind: 'assign', reg, expr: loadExpr(e.prim, loc, ctx.type(loc)), comment: comment(ctx, what) });
      return varExpr(reg);
    }
    case 'not': {
      const a = expr(ctx, e.a, out);
      return a === undefined ? undefined : { kind: 'unop', op: '!', arg: a };
    }
    case 'bin': {
      const a = expr(ctx, e.a, out);
      const b = expr(ctx, e.b, out);
      if (a === undefined || b === undefined || e.op === 'min') return undefined;
      return { kind: 'binop', op: e.op, left: a, right: b };
    }
    default:
      return undefined;
  }
}

function lockStmt(ctx: Ctx, op: Op & { op: 'lock' }): Stmt[] {
  const sys = ctx.model.system;
  if (op.lock !== undefined && sys.lockKind(op.lock) === 'spinlock') {
    const name = op.prim === 'spin_lock' ? 'spin_lock' : 'spin_unlock';
    ctx.touched.add(cName(sys.name(op.lock)));
    return [{ kind: 'call', call: callExpr(name, [varExpr(cName(sys.name(op.lock)))]), comment: comment(ctx, op.spelling) }];
  }
  const key = op.lock === undefined ? 'rcu' : sys.name(op.lock);
  const text = `${op.spelling}(${op.lock === undefined ? '' : sys.name(op.lock)})`;
  ctx.leftOut.add(text);
  if (op.prim.endsWith('unlock')) {
    const at = ctx.held.map((h) => h.key).lastIndexOf(key);
    if (at >= 0) ctx.held.splice(at, 1);
  } else ctx.held.push({ key, text });
  return [];
}

function ops(ctx: Ctx, list: readonly Op[]): Stmt[] {
  const out: Stmt[] = [];
  for (const op of list) {
    switch (op.op) {
      case 'set':
        break;
      case 'if': {
        const cond = expr(ctx, op.cond, out);
        if (cond === undefined) {
          const branch = touchesKept(ctx, op.then) ? op.then : touchesKept(ctx, op.else) ? op.else : [];
          out.push(...ops(ctx, branch));
          break;
        }
        const then = ops(ctx, op.then);
        const otherwise = ops(ctx, op.else);
        if (then.length > 0 || otherwise.length > 0) out.push({ kind: 'if', cond, then, ...(otherwise.length > 0 ? { else: otherwise } : {}) });
        break;
      }
      case 'store': {
        const loc = ctx.kept.get(op.loc);
        if (loc === undefined) break;
        const value = expr(ctx, op.value, out);
        ctx.touched.add(loc);
        if (value === undefined) throw new ExportError(`${ctx.where}: the value stored to ${loc} depends on something outside the pattern`);
        out.push({ kind: 'call', call: storeCall(op.prim, loc, value, ctx.type(loc)), comment: comment(ctx, op.prim === 'plain' ? 'plain write' : op.prim) });
        break;
      }
      case 'atomic': {
        const loc = ctx.kept.get(op.loc);
        if (loc === undefined) break;
        ctx.touched.add(loc);
        out.push({ kind: 'call', call: atomicCall(op.prim, loc), comment: comment(ctx, op.spelling) });
        break;
      }
      case 'atomic_return':
        if (ctx.kept.has(op.loc)) throw new ExportError(`${ctx.where}: ${op.prim} is not exported in patterns`);
        break;
      case 'barrier':
        out.push({ kind: 'call', call: callExpr(op.prim, []), comment: comment(ctx, op.implied) });
        break;
      case 'lock':
        out.push(...lockStmt(ctx, op));
        break;
    }
  }
  return out;
}

const FENCE = /^smp_mb|^smp_[rw]mb$/;
const isFence = (s: Stmt): boolean => s.kind === 'call' && FENCE.test(s.call.name);

/** Fences before the first or after the last access of a thread order nothing. */
function trim(body: readonly Stmt[]): Stmt[] {
  let a = 0;
  let b = body.length;
  while (a < b && isFence(body[a]!)) a++;
  while (b > a && isFence(body[b - 1]!)) b--;
  return body.slice(a, b);
}

/** The pattern `spec` over the step definitions `steps` of `model`, as a litmus test. */
export function exportPattern(model: AuditModel, steps: readonly StepDef[], spec: PatternSpec, header: readonly string[]): LitmusTest {
  const sys = model.system;
  const kept = new Map(spec.locations.map(([f]) => [f, cName(sys.name(f))] as const));
  const byName = new Map(steps.map((s) => [s.name, s] as const));
  const defs = spec.threads.map((t) =>
    t.steps.map((n) => {
      const d = byName.get(n);
      if (d === undefined) throw new ExportError(`the variant has no step "${n}", so it has no ${spec.name} pattern`);
      return d;
    }),
  );
  const atomics = new Set<string>();
  for (const op of walkOps(defs.flat().flatMap((d) => d.body))) if (op.op === 'atomic' && kept.has(op.loc)) atomics.add(kept.get(op.loc)!);
  const type = (loc: string): LocType => (atomics.has(loc) ? 'atomic_t' : 'int');
  const leftOut = new Set<string>();
  const threads: Thread[] = defs.map((ds, id) => {
    const ctx: Omit<Ctx, 'where'> = { model, kept, type, regs: [], held: [], leftOut, touched: new Set() };
    const body = trim(ds.flatMap((d) => ops({ ...ctx, where: `${d.func}, ${d.file}` }, d.body)));
    const touched = [...kept.values()].filter((l) => ctx.touched.has(l));
    return { id, params: params(touched, type), body: [...registerDecls(ctx.regs), ...body] };
  });
  const names = [...kept.values()];
  const init = new Map(spec.locations.map(([f, x]) => [kept.get(f)!, x] as const));
  const doc = [...header, '', ...spec.about];
  if (leftOut.size > 0) doc.push(`Left out (outside LKMM's subset; each access names the ones it runs under): ${[...leftOut].join(', ')}.`);
  return {
    name: `${model.config.variant}+${spec.name}`,
    doc: docComment(doc),
    init: initEntries(names, type, (l) => init.get(l) ?? 0),
    threads,
    condition: { quantifier: 'exists', prop: conjunction(spec.bad.map(([f, x]) => atom(kept.get(f)!, x))) },
  };
}
