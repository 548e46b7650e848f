/**
 * Footprints on every reachable state, not samples: at small bounds, for each memory model, the derived
 * footprint of every step holds in every reachable state (src/checker/por/honesty.ts perturbs what a
 * step does not declare and checks it cannot tell). And a lie is caught: drop one field a step writes
 * from its footprint, and the same check names that step and field.
 */
import { describe, expect, it } from 'vitest';
import { FC_SEED } from './seed.js';
import { bruteForceReachable } from './random-model.js';
import { footprintProblems, rngFrom } from '../src/checker/por/honesty.js';
import { auditInvariants } from '../src/invariants/audit.js';
import { auditModel } from '../src/model/audit/index.js';
import type { Action, Model } from '../src/model/model.js';
import { MEMORY_MODELS } from '../src/model/kernel/memory.js';

const SMALL = { tasks: 1, forks: 1, syscalls: 1, ruleOps: 2, cpus: 2 };
const CASES: [string, Record<string, string>][] = [
  ['proposed-fixed', {}],
  ['proposed-ordered', { 'walk-lock': 'rcu' }],
  ['v2.1', { 'walk-skips-no-context': 'yes' }],
];

describe(`derived footprints on every reachable state (seed ${FC_SEED})`, () => {
  for (const memoryModel of MEMORY_MODELS) {
    for (const [variant, knobs] of CASES) {
      it(`${variant} ${JSON.stringify(knobs)} under ${memoryModel}`, () => {
        const m = auditModel(variant, SMALL, knobs, { memoryModel });
        const { states } = bruteForceReachable(m, 200_000);
        expect(states.length).toBeGreaterThan(100);
        expect(footprintProblems(m, states, rngFrom(FC_SEED), auditInvariants(m), { trials: 1 })).toEqual([]);
      });
    }
  }

  it('a footprint with one written field dropped is caught, naming the step', () => {
    const m = auditModel('proposed-fixed', SMALL);
    const { states } = bruteForceReachable(m, 200_000);
    const nRules = m.fields.nRules.id;
    const victim = m.actions.findIndex((a) => a.name === 'auditctl: audit_add_rule');
    expect(victim).toBeGreaterThanOrEqual(0);
    expect(m.actions[victim]!.footprint.writes).toContain(nRules);
    const lying: Action = {
      ...m.actions[victim]!,
      footprint: { ...m.actions[victim]!.footprint, writes: m.actions[victim]!.footprint.writes.filter((f) => f !== nRules) },
    };
    const model: Model = { ...m, actions: m.actions.map((a, i) => (i === victim ? lying : a)) };
    const problems = footprintProblems(model, states, rngFrom(FC_SEED), auditInvariants(m), { trials: 1 });
    expect(problems.some((p) => p.includes('audit_add_rule') && p.includes('audit_n_rules'))).toBe(true);
  });
});
