/**
 * The soundness argument for the implicit scheduler, executable: for every variant, the implicit and the
 * explicit encodings reach the same kernel states (every field but the CPUs, which only the scheduler
 * uses) and give the same verdict for every invariant and for deadlock.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/index.js';
import { auditInvariants } from '../../invariants/audit.js';
import type { Invariant } from '../../invariants/invariant.js';
import type { StateVector } from '../layout.js';
import { auditModel, VARIANT_NAMES, type AuditModel, type Bounds, type VariantName } from './index.js';

interface Kernel {
  /** Reachable states with every CPU field zeroed, as keys. */
  readonly states: Set<string>;
  /** `name: verdict` for every invariant and deadlock, from a full search. */
  readonly verdicts: string[];
}

/**
 * One full search (no reduction): the invariants' and deadlock's verdicts, and every reachable state
 * projected, recorded by an always-true invariant that reads every field (so it sees every state).
 */
function kernel(m: AuditModel): Kernel {
  // Per-word masks that clear every CPU field.
  const mask = m.layout.zero();
  mask.fill(0xffffffff);
  for (const f of m.fields.cpus) m.layout.set(mask, f.id, 0);
  const states = new Set<string>();
  const recorder: Invariant = {
    name: 'recorder', summary: 'records every reachable state', reads: m.layout.fields.map((f) => f.id),
    holds(s) {
      let k = '';
      for (let w = 0; w < s.length; w++) k += `${(s[w]! & mask[w]!) >>> 0},`;
      states.add(k);
      return true;
    },
  };
  const r = check(m, [recorder, ...auditInvariants(m)], { por: false });
  expect(r.complete).toBe(true);
  return { states, verdicts: r.properties.slice(1).map((p) => `${p.name}: ${p.verdict}`) };
}

const sameSet = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((k) => b.has(k));

const WALKERS: readonly VariantName[] = ['v2.1', 'proposed', 'proposed-fixed'];
const SMALL: Partial<Bounds> = { cpus: 1, ruleOps: 1, syscalls: 1 };
const CASES: [string, VariantName, Partial<Bounds>, Record<string, string>][] = [
  ...VARIANT_NAMES.map((v): [string, VariantName, Partial<Bounds>, Record<string, string>] => [`${v} at default bounds`, v, {}, {}]),
  ...VARIANT_NAMES.map((v): [string, VariantName, Partial<Bounds>, Record<string, string>] =>
    [`${v}, 1 CPU, preempt=full`, v, SMALL, { preempt: 'full' }]),
  // Every non-switch point under preempt=full: an RCU walk (preemptible) and fork's late read.
  ...WALKERS.map((v): [string, VariantName, Partial<Bounds>, Record<string, string>] =>
    [`${v}, 1 CPU, preempt=full, rcu walk, late fork read`, v, SMALL, { preempt: 'full', 'walk-lock': 'rcu', 'fork-read': 'late' }]),
  ...VARIANT_NAMES.map((v): [string, VariantName, Partial<Bounds>, Record<string, string>] =>
    [`${v}, 3 tasks on 2 CPUs, no fork`, v, { tasks: 3, forks: 0, ruleOps: 1, syscalls: 1 }, {}]),
];

describe('the implicit scheduler reaches the kernel states of the explicit one', () => {
  for (const [label, variant, bounds, knobs] of CASES) {
    it(label, () => {
      const explicit = auditModel(variant, bounds, { ...knobs, scheduler: 'explicit' });
      const implicit = auditModel(variant, bounds, { ...knobs, scheduler: 'implicit' });
      expect(implicit.actions.some((a) => a.label === 'schedule')).toBe(false);
      expect(explicit.actions.some((a) => a.label === 'schedule')).toBe(true);
      const e = kernel(explicit);
      const i = kernel(implicit);
      expect(i.states.size).toBe(e.states.size);
      expect(sameSet(i.states, e.states)).toBe(true);
      expect(i.verdicts).toEqual(e.verdicts);
      expect(i.verdicts).toHaveLength(7);
    });
  }
});
