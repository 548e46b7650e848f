import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { auditCli } from '../../protocols/audit-cli/index.js';
import { replay } from '../../protocols/audit-cli/replay.js';
import { DEFAULT_BOUNDS, type VariantName } from '../../model/audit/index.js';
import { parseTraceFile } from '../../report/json-trace.js';
import type { LitmusTest, Stmt } from '../ast.js';
import { checkLitmus } from '../check.js';
import { parseLitmus } from '../parse.js';
import { printLitmus } from '../print.js';
import { ExportError } from './emit.js';
import { variantPattern, type PatternName } from './patterns.js';
import { exportTrace } from './trace.js';

const DIR = 'counterexamples';

function exported(file: string): { test: LitmusTest; text: string } {
  const trace = parseTraceFile(readFileSync(`${DIR}/${file}`, 'utf8'));
  const r = replay(auditCli, trace);
  const test = exportTrace({ ...r, variant: trace.variant, origin: file });
  return { test, text: printLitmus(test) };
}

const calls = (body: readonly Stmt[]): string[] =>
  body.flatMap((s) => {
    if (s.kind === 'call') return [s.call.name];
    if (s.kind === 'assign' && s.expr.kind === 'call') return [s.expr.name];
    if (s.kind === 'if') return ['if', ...calls(s.then), ...calls(s.else ?? [])];
    return [];
  });

describe('a counterexample exported as a litmus test', () => {
  const name = 'proposed-fixed--rule-coverage--store-reordering.json';

  it('keeps auditctl and T0 over audit_n_rules and T0_TIF_SYSCALL_AUDIT, and LKMM allows it while SC does not', () => {
    const { test, text } = exported(name);
    expect(test.init.map((e) => `${e.type} ${e.name}=${e.value ?? 0}`)).toEqual(['int audit_n_rules=1', 'atomic_t T0_TIF_SYSCALL_AUDIT=1']);
    expect(test.threads).toHaveLength(2);
    // The exit tail: clear, smp_mb, recheck (its load fixed to 0 by the exists clause).
    expect(calls(test.threads[0]!.body).slice(-3)).toEqual(['atomic_andnot', 'smp_mb', 'READ_ONCE']);
    // The walk's set, with no barrier between the increment and it (inc-barrier none).
    expect(calls(test.threads[1]!.body).slice(-2)).toEqual(['WRITE_ONCE', 'atomic_or']);
    expect(text).toMatch(/exists \(0:r0=0 \/\\ audit_n_rules=1 \/\\ T0_TIF_SYSCALL_AUDIT=0\)/);
    expect(text).toContain('/* clear_thread_flag, kernel/auditsc.c */');
    expect(text).toMatch(/under mutex_lock\(audit_filter_mutex\), read_lock\(tasklist_lock\)/);
    expect(test.doc?.replace(/\n \* /g, ' ')).toMatch(/Left out \(outside LKMM's subset[^)]*\): .*mutex_lock\(audit_filter_mutex\)/);
    const parsed = parseLitmus(text);
    expect(parsed).toEqual(test);
    expect(checkLitmus(parsed).verdict).toBe('Allowed');
    // The reordering is what the test needs: under SC the outcome cannot happen.
    expect(checkLitmus(parsed, { model: 'sc' }).verdict).toBe('Forbidden');
  });

  it('every committed counterexample exports a test that parses and that LKMM allows', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const { text } = exported(f);
      const result = checkLitmus(parseLitmus(text));
      expect(result.verdict, f).toBe('Allowed');
      if (f.includes('--sc')) expect(checkLitmus(parseLitmus(text), { model: 'sc' }).verdict, f).toBe('Allowed');
    }
  });

  it('the committed .litmus files are the export of their .json', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
    for (const f of files) {
      const lit = `${DIR}/${f.replace(/\.json$/, '.litmus')}`;
      expect(readFileSync(lit, 'utf8'), lit).toBe(exported(f).text);
    }
  });
});

describe('a variant pattern exported as a litmus test', () => {
  const pattern = (variant: VariantName, name: PatternName, knobs: Record<string, string> = {}) =>
    variantPattern({ variant, bounds: DEFAULT_BOUNDS, knobs }, name);

  it('proposed-ordered exit-recheck (smp_wmb; smp_mb__after_atomic) is Forbidden, proposed-fixed (no inc barrier) Allowed', () => {
    const ordered = pattern('proposed-ordered', 'exit-recheck');
    expect(calls(ordered.threads[0]!.body)).toEqual(['READ_ONCE', 'WRITE_ONCE', 'smp_wmb', 'atomic_or']);
    expect(calls(ordered.threads[1]!.body)).toEqual(['atomic_andnot', 'smp_mb__after_atomic', 'READ_ONCE', 'if', 'atomic_or']);
    expect(checkLitmus(parseLitmus(printLitmus(ordered))).verdict).toBe('Forbidden');
    expect(ordered.doc).toMatch(/^\n \* Result: Never \(LKMM/);
    const fixed = pattern('proposed-fixed', 'exit-recheck');
    expect(calls(fixed.threads[0]!.body)).toEqual(['READ_ONCE', 'WRITE_ONCE', 'atomic_or']);
    expect(checkLitmus(parseLitmus(printLitmus(fixed))).verdict).toBe('Allowed');
    expect(fixed.doc).toMatch(/^\n \* Result: Sometimes \(LKMM/);
  });

  it('follows the knobs: proposed-fixed with inc-barrier=smp_mb is Forbidden, proposed-ordered without its exit barrier Allowed', () => {
    const withInc = pattern('proposed-fixed', 'exit-recheck', { 'inc-barrier': 'smp_mb' });
    expect(calls(withInc.threads[0]!.body)).toContain('smp_mb');
    expect(checkLitmus(withInc).verdict).toBe('Forbidden');
    const noExit = pattern('proposed-ordered', 'exit-recheck', { 'exit-barrier': 'none' });
    expect(checkLitmus(noExit).verdict).toBe('Allowed');
  });

  it('fork-late-read keeps the attach, the late read and its if/else, and the walk\'s list check', () => {
    const t = pattern('proposed-fixed', 'fork-late-read');
    expect(calls(t.threads[0]!.body)).toEqual(['atomic_or', 'smp_store_release', 'READ_ONCE', 'if', 'atomic_or', 'atomic_andnot']);
    expect(calls(t.threads[1]!.body)).toEqual(['READ_ONCE', 'WRITE_ONCE', 'READ_ONCE', 'if', 'atomic_or']);
    expect(printLitmus(t)).toMatch(/write_lock_irq\(tasklist_lock\)/);
    expect(parseLitmus(printLitmus(t))).toEqual(t);
    // Without the rwlocks the walk's set can land between the late read and its clear: even SC
    // allows it, so what protects the kernel is tasklist_lock, which the header names.
    expect(checkLitmus(t).verdict).toBe('Allowed');
    expect(checkLitmus(t, { model: 'sc' }).verdict).toBe('Allowed');
  });

  it('refuses a variant without the pattern, in one line', () => {
    expect(() => pattern('legacy', 'exit-recheck')).toThrow(ExportError);
    expect(() => pattern('v2.1', 'fork-late-read')).toThrow(/fork-read is early/);
  });
});
