/**
 * The verdict matrix at the default bounds with children making no syscalls (variants x invariants,
 * plus deadlock), with full-search state counts, pinned: docs/model.md's table. At the default
 * (one child syscall) the README's matrix is pinned by test/e2e/cli.spec.ts, with the same verdicts.
 * docs/model.md explains every cell; a change here is a change in what the project claims.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../checker/index.js';
import { auditModel, VARIANT_NAMES } from '../model/audit/index.js';
import { INVARIANTS, auditInvariants } from './audit.js';

const ok = 'holds';
const X = 'violated';
/** [no-entry-bug, exit-pairing, pending-implies-flag, bounded-pending, rule-coverage, fast-path-after-one-exit, deadlock] */
/** States and transitions: with the explicit scheduler (the default), and with scheduler=implicit. */
const MATRIX: Record<string, { verdicts: string[]; states: number; transitions: number; implicit: [number, number] }> = {
  legacy: { verdicts: [ok, ok, ok, ok, ok, X, ok], states: 22538, transitions: 98191, implicit: [3181, 11269] },
  'v2.1': { verdicts: [X, X, X, X, X, X, ok], states: 192768, transitions: 681367, implicit: [38677, 116011] },
  proposed: { verdicts: [ok, ok, ok, ok, X, ok, ok], states: 119512, transitions: 420185, implicit: [27881, 83134] },
  'proposed-fixed': { verdicts: [ok, ok, ok, ok, ok, ok, ok], states: 115099, transitions: 397405, implicit: [28895, 83649] },
  // Its barriers order nothing under sc: the same graph as proposed-fixed.
  'proposed-ordered': { verdicts: [ok, ok, ok, ok, ok, ok, ok], states: 115099, transitions: 397405, implicit: [28895, 83649] },
  modern: { verdicts: [ok, ok, ok, ok, ok, X, ok], states: 22538, transitions: 98191, implicit: [3181, 11269] },
};

/** The default bounds but --child-syscalls 0: the graphs docs/model.md counts. */
const NO_CHILD_SYSCALLS = { childSyscalls: 0 };

describe('verdict matrix at the default bounds, children making no syscalls', () => {
  it('lists the invariants in order with one-line meanings', () => {
    expect(INVARIANTS.map((i) => i.name)).toEqual([
      'no-entry-bug', 'exit-pairing', 'pending-implies-flag', 'bounded-pending', 'rule-coverage', 'fast-path-after-one-exit',
    ]);
    const m = auditModel('legacy');
    const invs = auditInvariants(m);
    expect(invs.map((i) => i.name)).toEqual(INVARIANTS.map((i) => i.name));
    for (const i of invs) {
      expect(i.summary).not.toContain('\n');
      expect(i.reads.length).toBeGreaterThan(0);
      // Small read sets: no invariant reads a task's program counter or CPU (POR visibility).
      for (const id of i.reads) expect(m.layout.fields[id]!.name).not.toMatch(/^T\d+\.(pc|cpu)$/);
    }
  });

  for (const variant of VARIANT_NAMES) {
    it(variant, () => {
      const model = auditModel(variant, NO_CHILD_SYSCALLS);
      const result = check(model, auditInvariants(model));
      expect(result.complete).toBe(true);
      expect(result.properties.map((p) => p.verdict)).toEqual(MATRIX[variant]!.verdicts);
      expect(result.stats.states).toBe(MATRIX[variant]!.states);
      expect(result.stats.transitions).toBe(MATRIX[variant]!.transitions);
    });
    it(`${variant}, scheduler=implicit`, () => {
      const model = auditModel(variant, NO_CHILD_SYSCALLS, { scheduler: 'implicit' });
      const result = check(model, auditInvariants(model));
      expect(result.complete).toBe(true);
      expect(result.properties.map((p) => p.verdict)).toEqual(MATRIX[variant]!.verdicts);
      expect([result.stats.states, result.stats.transitions]).toEqual(MATRIX[variant]!.implicit);
    });
  }
});
