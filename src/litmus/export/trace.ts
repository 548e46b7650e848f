/**
 * `exportTrace`: a counterexample of the audit model as a C litmus test (tools/memory-model format).
 *
 * Slicing rule (docs/litmus.md, "Export"):
 *  1. a shared location is *racing* when one thread writes it in the trace and another accesses it;
 *  2. the seeds are the racing locations the violated invariant reads whose final value decides it:
 *     set to some other value alone, the invariant would hold (failing that, the racing locations it
 *     reads; failing that, e.g. for an invariant over thread-local fields, all racing locations);
 *  3. the kept threads are those that access a seed; the kept locations are the seeds plus
 *     audit_n_rules when a kept thread touches it;
 *  4. each kept thread keeps, in program order, its stores and atomics to kept locations, its loads of
 *     kept locations made after another kept thread issued a store there (the loads that could see the
 *     race; earlier ones read what no other thread had changed yet), the barriers between them and its
 *     spinlocks. Flushes of store buffers are not program events. mutex, rwlock and RCU are outside
 *     LKMM's subset: each access says which of them it ran under, and the header lists them.
 * Dropping events only removes edges from an execution, and every LKMM axiom is an acyclicity or
 * emptiness condition, so the trace's execution restricted to the kept events stays consistent: a
 * counterexample the kernel's memory model admits exports a test LKMM calls Allowed.
 * The code is the path the trace took, straight-line: no `if`, since the trace fixes every value loaded
 * and the `exists` clause does too (with the final values of the seeds). A control dependency of the
 * kernel code is therefore not carried over: the test can only allow more than the kernel code does.
 */
import type { Trace } from '../../checker/types.js';
import type { FieldId, StateVector } from '../../model/layout.js';
import type { AuditModel } from '../../model/audit/index.js';
import { auditInvariants } from '../../invariants/audit.js';
import type { KernelEvent } from '../../model/kernel/compile.js';
import type { LitmusTest, Prop, Stmt, Thread } from '../ast.js';
import {
  RMW_PRIMS, accessStmt, atom, cName, conjunction, docComment, hasRegister, initEntries, params, registerDecls, returnedValue,
  type Access, type LocType,
} from './emit.js';

export interface TraceExportSource {
  readonly model: AuditModel;
  readonly trace: Trace;
  readonly property: { readonly name: string; readonly summary: string; readonly reads: readonly FieldId[] };
  readonly variant: string;
  readonly memoryModel: string;
  /** Where the counterexample came from, for the header. */
  readonly origin?: string;
}

interface Ev {
  /** Position in the whole trace (issue order). */
  readonly at: number;
  readonly thread: number;
  readonly event: KernelEvent;
  readonly label: string;
  readonly file: string;
}

const ACCESS = new Set(['load', 'store', 'atomic', 'atomic_return']);

/** Every program event of the trace with the step it came from (flushes left out). */
function traceEvents(model: AuditModel, trace: Trace): Ev[] {
  const out: Ev[] = [];
  let s: StateVector = trace.initial;
  for (const step of trace.steps) {
    const a = model.actions[step.action]!;
    for (const event of model.events(s, step.action)) {
      if (event.kind !== 'flush') out.push({ at: out.length, thread: a.thread, event, label: a.label ?? a.name, file: a.source ?? '' });
    }
    s = step.state;
  }
  return out;
}

const isData = (model: AuditModel, loc: FieldId | undefined): loc is FieldId =>
  loc !== undefined && model.system.kind(loc) === 'shared' && model.system.lockKind(loc) === undefined;

interface Slice {
  readonly threads: number[];
  readonly locs: FieldId[];
  readonly seeds: FieldId[];
  /** Which part of rule 2 chose the seeds. */
  readonly rule: 'decide' | 'read' | 'race';
  /** The loads to keep, by trace position (step 4). */
  readonly loads: ReadonlySet<number>;
}

/** Steps 1-3 of the rule, and the loads of step 4. */
function slice(model: AuditModel, evs: readonly Ev[], decides: (f: FieldId) => boolean, reads: readonly FieldId[]): Slice {
  const touchers = new Map<FieldId, Set<number>>();
  /** Location -> thread -> trace position of its first store there. */
  const firstStore = new Map<FieldId, Map<number, number>>();
  for (const { at, thread, event } of evs) {
    if (!ACCESS.has(event.kind) || !isData(model, event.loc)) continue;
    touchers.set(event.loc, (touchers.get(event.loc) ?? new Set()).add(thread));
    if (event.kind === 'load') continue;
    const m = firstStore.get(event.loc) ?? new Map<number, number>();
    if (!m.has(thread)) m.set(thread, at);
    firstStore.set(event.loc, m);
  }
  const racing = [...touchers.keys()].filter((f) => firstStore.has(f) && touchers.get(f)!.size > 1).sort((a, b) => a - b);
  const inReads = racing.filter((f) => reads.includes(f));
  const deciding = inReads.filter(decides);
  const rule = deciding.length > 0 ? 'decide' : inReads.length > 0 ? 'read' : 'race';
  const seeds = rule === 'decide' ? deciding : rule === 'read' ? inReads : racing;
  const threads = [...new Set(seeds.flatMap((f) => [...touchers.get(f)!]))].sort((a, b) => a - b);
  const nRules = model.fields.nRules.id;
  const extra = !seeds.includes(nRules) && threads.some((t) => touchers.get(nRules)?.has(t)) ? [nRules] : [];
  const locs = [...seeds, ...extra].sort((a, b) => a - b);
  const loads = new Set<number>();
  for (const { at, thread, event } of evs) {
    if (event.kind !== 'load' || event.loc === undefined || !locs.includes(event.loc)) continue;
    const stores = firstStore.get(event.loc);
    if ([...(stores ?? [])].some(([t, first]) => t !== thread && threads.includes(t) && first < at)) loads.add(at);
  }
  return { threads, locs, seeds, rule, loads };
}

/** Whether `f` alone decides the violation in `last`: some other value of it makes the invariant hold. */
function decider(model: AuditModel, name: string, last: StateVector): (f: FieldId) => boolean {
  const inv = auditInvariants(model).find((i) => i.name === name);
  return (f) => {
    if (inv === undefined) return false;
    const max = model.layout.fields[f]!.max;
    const now = model.layout.get(last, f);
    for (let x = 0; x <= Math.min(max, 7); x++) if (x !== now && inv.holds(model.layout.with(last, f, x))) return true;
    return false;
  };
}

function comment(ev: Ev, held: readonly string[]): string {
  const { event } = ev;
  const what = event.prim === 'plain' ? `plain ${event.kind === 'load' ? 'read' : 'write'}` : event.spelling;
  const name = what === ev.label ? ev.label : `${ev.label}: ${what}`;
  return `${name}, ${ev.file}${held.length === 0 ? '' : `, under ${held.join(', ')}`}`;
}

/** Step 4 for one thread: its kept accesses, with the non-LKMM locks noted. */
function threadAccesses(model: AuditModel, evs: readonly Ev[], kept: ReadonlySet<FieldId>, loads: ReadonlySet<number>, leftOut: Set<string>): Access[] {
  const sys = model.system;
  const held: { key: string; text: string }[] = [];
  const out: Access[] = [];
  const name = (f: FieldId) => cName(sys.name(f));
  const heldTexts = () => held.map((h) => h.text);
  evs.forEach((ev, i) => {
    const e = ev.event;
    if (e.kind === 'lock' || e.kind === 'unlock') {
      if (e.loc !== undefined && sys.lockKind(e.loc) === 'spinlock') {
        out.push({ kind: e.kind, loc: name(e.loc), comment: comment(ev, heldTexts()) });
        return;
      }
      const key = e.loc === undefined ? 'rcu' : sys.name(e.loc);
      const text = `${e.spelling}(${e.loc === undefined ? '' : sys.name(e.loc)})`;
      leftOut.add(text);
      if (e.kind === 'lock') held.push({ key, text });
      else {
        const at = held.map((h) => h.key).lastIndexOf(key);
        if (at >= 0) held.splice(at, 1);
      }
      return;
    }
    if (e.kind === 'barrier') {
      // smp_mb__{before,after}_atomic order only with the atomic next to them: keep them only with it.
      if (e.prim === 'smp_mb__before_atomic' || e.prim === 'smp_mb__after_atomic') {
        const beside = evs[e.prim === 'smp_mb__before_atomic' ? i + 1 : i - 1]?.event.loc;
        if (beside === undefined || !kept.has(beside)) return;
      }
      out.push({ kind: 'barrier', prim: e.prim, ...(ev.label === e.prim ? {} : { comment: `${ev.label}, ${ev.file}` }) });
      return;
    }
    if (e.loc === undefined || !kept.has(e.loc) || (e.kind === 'load' && !loads.has(ev.at))) return;
    const c = comment(ev, heldTexts());
    const loc = name(e.loc);
    if (e.kind === 'atomic') out.push({ kind: 'atomic', prim: e.prim, loc, comment: c });
    else if (e.kind === 'load' || e.kind === 'store' || e.kind === 'atomic_return') out.push({ kind: e.kind, prim: e.prim, loc, value: e.value ?? 0, comment: c });
  });
  return trimFences(out);
}

/** A fence with no kept access on one side orders nothing: drop those at either end. */
function trimFences(as: readonly Access[]): Access[] {
  const isAccess = (a: Access) => a.kind !== 'barrier';
  const first = as.findIndex(isAccess);
  if (first < 0) return [];
  let last = as.length - 1;
  while (!isAccess(as[last]!)) last--;
  return as.slice(first, last + 1);
}

/** The litmus test for the counterexample `src`. */
export function exportTrace(src: TraceExportSource): LitmusTest {
  const { model, trace, property } = src;
  const sys = model.system;
  const evs = traceEvents(model, trace);
  const last = trace.steps.length === 0 ? trace.initial : trace.steps[trace.steps.length - 1]!.state;
  const { threads, locs, seeds, rule, loads } = slice(model, evs, decider(model, property.name, last), property.reads);
  const keptSet = new Set(locs);
  const leftOut = new Set<string>();
  // A thread whose kept accesses were all early loads has nothing left to say.
  const sliced = threads.map((t) => ({ t, accesses: threadAccesses(model, evs.filter((e) => e.thread === t), keptSet, loads, leftOut) }));
  const kept = sliced.filter((x) => x.accesses.length > 0);
  const perThread = kept.map((x) => x.accesses);
  const locNames = locs.map((f) => cName(sys.name(f)));
  const atomics = new Set(perThread.flat().flatMap((a) => ((a.kind === 'atomic' || a.kind === 'atomic_return') && RMW_PRIMS.has(a.prim) ? [a.loc] : [])));
  const type = (loc: string): LocType => (atomics.has(loc) ? 'atomic_t' : 'int');
  const exists: Prop[] = [];
  const litmusThreads: Thread[] = perThread.map((accesses, id) => {
    const regs: string[] = [];
    const body: Stmt[] = accesses.map((a) => {
      if (!hasRegister(a)) return accessStmt(a, type, undefined);
      const reg = `r${regs.length}`;
      regs.push(reg);
      const value = a.kind === 'atomic_return' ? returnedValue(a.prim, a.value) : a.kind === 'load' ? a.value : 0;
      exists.push(atom(reg, value, id));
      return accessStmt(a, type, reg);
    });
    const touched = locNames.filter((l) => accesses.some((a) => 'loc' in a && a.loc === l));
    return { id, params: params(touched, type), body: [...registerDecls(regs), ...body] };
  });
  for (const f of seeds) exists.push(atom(cName(sys.name(f)), model.layout.get(last, f)));
  const initial = (loc: string) => model.layout.get(trace.initial, locs[locNames.indexOf(loc)]!);
  return {
    name: `${src.variant}+${property.name}+${src.memoryModel}`,
    doc: header(src, kept.map(({ t }) => model.threadNames[t] ?? `thread ${t}`), locs.map((f) => sys.name(f)), rule, [...leftOut]),
    init: initEntries(locNames, type, initial),
    threads: litmusThreads,
    condition: { quantifier: 'exists', prop: conjunction(exists) },
  };
}

const WHY: Readonly<Record<Slice['rule'], string>> = {
  decide: 'the racing locations whose final values decide the violation',
  read: 'the racing locations the invariant reads',
  race: 'the invariant reads no racing location: every racing location',
};

function header(src: TraceExportSource, threads: readonly string[], locs: readonly string[], rule: Slice['rule'], leftOut: readonly string[]): string {
  const lines = [
    `Exported by audit-check from ${src.origin ?? 'a counterexample'}: variant ${src.variant}, memory model ${src.memoryModel}, invariant ${src.property.name} (${src.property.summary}).`,
    '',
    `Threads: ${threads.map((t, i) => `P${i} is ${t}`).join(', ')}.`,
    `Locations: ${locs.join(', ')} (${WHY[rule]}, and audit_n_rules; the slicing rule is in audit-check's docs/litmus.md).`,
    'Each thread is the path the trace took, in program order, with its loads made after another thread stored to the location; the exists clause fixes the value each of them returned and the final values of those locations.',
    'Plain kernel accesses are written READ_ONCE/WRITE_ONCE; set_bit/clear_bit on a one-bit flag word are atomic_or/atomic_andnot on an atomic_t.',
  ];
  if (leftOut.length > 0) {
    lines.push(`Left out (outside LKMM's subset; each access names the ones it ran under): ${leftOut.join(', ')}.`);
  }
  return docComment(lines);
}
