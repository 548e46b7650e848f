/**
 * Coverage and vacuity on the toy model: a step whose guard no reachable state satisfies is named,
 * an invariant whose antecedent is never true is flagged, and neither is when they are reachable.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../src/checker/index.js';
import type { Invariant } from '../../src/invariants/invariant.js';
import type { Model } from '../../src/model/model.js';
import { coverageWarnings, renderCoverage } from '../../src/report/coverage.js';
import { toyModel } from '../fixtures/toy-model.js';

const counter = toyModel.layout.field('counter');
const flag = toyModel.layout.field('admin.flag');

/** The toy model plus a step that needs counter == 3, which two increments never reach. */
const withDeadStep: Model = {
  ...toyModel,
  actions: [
    ...toyModel.actions,
    {
      name: 'admin: overflow_handler',
      thread: 2,
      footprint: { reads: [counter], writes: [flag] },
      enabled: (s) => toyModel.layout.get(s, counter) === 3,
      apply: (_s, next) => toyModel.layout.set(next, flag, 0),
    },
  ],
};

const implication = (name: string, value: number): Invariant => ({
  name,
  summary: `counter == ${value} implies the flag is set or not (always true)`,
  reads: [counter, flag],
  holds: () => true,
  antecedent: (s) => toyModel.layout.get(s, counter) === value,
});

describe('--coverage', () => {
  for (const por of [false, true]) {
    it(`names the step that never fires and the invariant that holds vacuously${por ? ' (with POR)' : ''}`, () => {
      const invariants = [implication('when-three', 3), implication('when-two', 2)];
      const r = check(withDeadStep, invariants, { coverage: true, por });
      const c = r.coverage!;
      const never = withDeadStep.actions.filter((_, i) => !c.fired[i]).map((a) => a.name);
      expect(never).toEqual(['admin: overflow_handler']);
      expect(c.antecedentSeen).toEqual([false, true]);
      const report = {
        search: 'toy',
        neverEnabled: never,
        vacuous: ['when-three'],
        steps: withDeadStep.actions.length,
        complete: r.complete,
        reduced: por,
      };
      const text = renderCoverage([report]);
      expect(text).toContain('5 of 6 steps can fire; never enabled:\n    admin: overflow_handler');
      expect(text).toContain('when-three holds vacuously');
      expect(coverageWarnings([report])).toEqual([
        'warning: toy: 1 step never enabled: admin: overflow_handler',
        'warning: toy: when-three holds vacuously (its antecedent is never true)',
      ]);
    });
  }

  it('keeps exploring after every property has its verdict, so coverage is of the whole graph', () => {
    const violated: Invariant = { name: 'never', summary: 'fails at once', reads: [], holds: () => false };
    const without = check(toyModel, [violated], { deadlock: false });
    const withCoverage = check(toyModel, [violated], { deadlock: false, coverage: true });
    expect(without.stats.states).toBe(1);
    expect(withCoverage.stats.states).toBeGreaterThan(1);
    expect(withCoverage.coverage!.fired.every((f) => f)).toBe(true);
  });

  it('warning lines fit 80 columns however many steps never fire', () => {
    const many = Array.from({ length: 40 }, (_, i) => `T${i}: __audit_log_bprm_fcaps`);
    const [line] = coverageWarnings([{ search: 'proposed-fixed', neverEnabled: many, vacuous: [], steps: 99, complete: true, reduced: false }]);
    expect(line!.length).toBeLessThanOrEqual(80);
    expect(line).toMatch(/^warning: proposed-fixed: 40 steps never enabled: T0: .*, \.\.\.$/);
  });
});
