import { describe, expect, it } from 'vitest';
import { auditInvariants } from '../invariants/audit.js';
import { auditModel } from '../model/audit/index.js';
import { replayTrace } from './trace.js';
import { rng, simulate } from './simulate.js';

describe('simulate', () => {
  const model = auditModel('v2.1');
  const invariants = auditInvariants(model).filter((i) => i.name === 'no-entry-bug');
  const options = { runs: 300, seed: 20140204, maxSteps: 200, deadlock: false };

  it("finds Oleg's BUG on v2.1 with a fixed seed, as a trace that replays", () => {
    const r = simulate(model, invariants, options);
    const found = r.properties[0]!;
    expect(found.trace).toBeDefined();
    const replayed = replayTrace(model, found.trace!.initial, found.trace!.steps.map((s) => s.action));
    expect(invariants[0]!.holds(replayed.steps.at(-1)!.state)).toBe(false);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = simulate(model, invariants, options);
    const b = simulate(model, invariants, options);
    const c = simulate(model, invariants, { ...options, seed: 1 });
    expect(a.properties[0]!.trace!.steps.map((s) => s.action)).toEqual(b.properties[0]!.trace!.steps.map((s) => s.action));
    expect(a.steps).toBe(b.steps);
    expect(c.steps).not.toBe(a.steps);
  });

  it('reports nothing found where the property holds (proposed-fixed), and stops when asked', () => {
    const fixed = auditModel('proposed-fixed');
    const r = simulate(fixed, auditInvariants(fixed), { ...options, runs: 50 });
    expect(r.properties.every((p) => p.trace === undefined)).toBe(true);
    let calls = 0;
    const stopped = simulate(fixed, auditInvariants(fixed), { ...options, stop: () => ++calls > 3 });
    expect(stopped.runs).toBe(3);
    expect(stopped.interrupted).toBe(true);
  });

  it('draws uniformly enough to pick every one of a few choices', () => {
    const next = rng(5);
    const seen = new Set(Array.from({ length: 100 }, () => Math.floor(next() * 4)));
    expect([...seen].sort()).toEqual([0, 1, 2, 3]);
  });
});
