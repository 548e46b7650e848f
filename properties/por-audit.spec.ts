/**
 * On the audit model itself: every variant × invariant (and deadlock) gets the same verdict with
 * partial-order reduction as without, at the default bounds, with each invariant checked alone (the
 * most reduction, so the most risk) and with all at once. POR counterexamples replay (the engine
 * replays every trace before returning it; here we check they end in a violating state).
 */
import { describe, expect, it } from 'vitest';
import { auditCases } from './por-audit.js';
import { check } from '../src/checker/index.js';
import { lastState } from '../src/checker/trace.js';

describe('POR on the audit model: verdicts identical on every variant × invariant at default bounds', () => {
  for (const { label, model, invariants } of auditCases()) {
    it(`audit ${label}`, () => {
      const full = check(model, invariants, { por: false });
      expect(full.properties.every((p) => p.verdict !== 'incomplete')).toBe(true);
      const verdict = (name: string): string => full.properties.find((p) => p.name === name)!.verdict;
      const all = check(model, invariants, { por: true });
      expect(all.properties.map((p) => `${p.name}:${p.verdict}`)).toEqual(full.properties.map((p) => `${p.name}:${p.verdict}`));
      if (full.complete) expect(all.stats.states).toBeLessThanOrEqual(full.stats.states);
      for (const inv of invariants) {
        const alone = check(model, [inv], { por: true, deadlock: false });
        expect(`${inv.name}:${alone.properties[0]!.verdict}`).toBe(`${inv.name}:${verdict(inv.name)}`);
        const trace = alone.properties[0]!.trace;
        if (trace !== undefined) expect(inv.holds(lastState(trace))).toBe(false);
      }
      const deadlock = check(model, [], { por: true });
      expect(`deadlock:${deadlock.properties[0]!.verdict}`).toBe(`deadlock:${verdict('deadlock')}`);
    });
  }
});
