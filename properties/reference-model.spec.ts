/**
 * The packed audit model agrees with the clarity-first reference (properties/reference/) along random
 * runs: in every state visited, the same enabled steps by name, the same successor for each, and the
 * same verdict for every invariant. Every configuration runs with both scheduler encodings.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FC_SEED } from './seed.js';
import { auditModel, type AuditModel } from '../src/model/audit/index.js';
import { auditInvariants } from '../src/invariants/audit.js';
import type { StateVector } from '../src/model/layout.js';
import { ReferenceAudit, encode, type RefState } from './reference/audit-reference.js';
import { keyUpToRenaming } from './up-to-renaming.js';

const U = 'unbounded';
const CONFIGS: [string, Record<string, number | typeof U>, Record<string, string>][] = [
  ['legacy', {}, {}],
  ['modern', { cpus: 1 }, { 'other-entry-work': 'seccomp' }],
  ['v2.1', {}, {}],
  ['v2.1', { tasks: 3, forks: 2 }, { 'walk-lock': 'rcu', 'walk-skips-no-context': 'yes', 'walk-on-add': 'every-rule', 'fork-read': 'late' }],
  ['proposed', {}, {}],
  ['proposed', { cpus: 4 }, { 'fork-read': 'late', 'walk-lock': 'rcu', 'bprm-fcaps-starts-record': 'no', preempt: 'full' }],
  ['proposed-fixed', {}, {}],
  ['proposed-ordered', { childSyscalls: 1 }, { 'fork-in': 'any-syscall' }],
  ['legacy', { childSyscalls: 2, forks: 2 }, { 'fork-in': 'any-syscall' }],
  ['proposed-fixed', { ruleOps: 3, syscalls: 3 }, { 'walk-skips-no-context': 'yes', preempt: 'full', 'walk-lock': 'rcu' }],
  // Unbounded mode: tasks and auditctl loop forever (counts kept only as far as a step reads them).
  ['legacy', { syscalls: U, ruleOps: U }, {}],
  ['v2.1', { syscalls: U, ruleOps: U, maxRules: 3 }, { 'walk-lock': 'rcu', 'walk-on-add': 'every-rule' }],
  ['proposed', { syscalls: U, ruleOps: 2, maxRules: 1, childSyscalls: U }, { 'fork-read': 'late', preempt: 'full' }],
  ['proposed-fixed', { syscalls: U, ruleOps: U, childSyscalls: U, cpus: 1 }, { 'fork-in': 'any-syscall', 'walk-skips-no-context': 'yes' }],
  ['proposed-ordered', { tasks: 3, forks: 2, syscalls: U, ruleOps: U, childSyscalls: 2 }, { 'fork-read': 'early', 'bprm-fcaps-starts-record': 'no' }],
  ['modern', { syscalls: 2, ruleOps: U, childSyscalls: U }, { 'other-entry-work': 'seccomp' }],
];

function describeState(m: AuditModel, s: StateVector): Map<string, number> {
  return new Map(m.layout.describe(s));
}

function compareAlong(m: AuditModel, ref: ReferenceAudit, choices: readonly number[]): void {
  const invs = auditInvariants(m);
  const refInvs = ref.invariants();
  let s: StateVector = m.initialStates[0]!;
  let r: RefState = ref.initial();
  const enc = (x: RefState) => encode(x, ref.knob('walk-lock'));
  expect(describeState(m, s)).toEqual(enc(r));
  for (const choice of choices) {
    for (const inv of invs) expect(inv.holds(s), inv.name).toBe(refInvs[inv.name]!(r));
    const refSteps = ref.steps(r);
    const enabled = m.actions.map((a, id) => ({ a, id })).filter(({ a }) => a.enabled(s));
    expect(enabled.map(({ a }) => a.name).sort()).toEqual([...refSteps.keys()].sort());
    if (enabled.length === 0) return;
    for (const { a } of enabled) {
      const n = Uint32Array.from(s);
      a.apply(s, n);
      expect(describeState(m, n), a.name).toEqual(enc(refSteps.get(a.name)!));
    }
    const pick = enabled[choice % enabled.length]!;
    const n = Uint32Array.from(s);
    pick.a.apply(s, n);
    s = n;
    r = refSteps.get(pick.a.name)!;
  }
}

describe(`packed model = reference model (seed ${FC_SEED})`, () => {
  for (const [variant, bounds, moreKnobs] of CONFIGS) for (const scheduler of ['implicit', 'explicit']) {
    const knobs = { ...moreKnobs, scheduler };
    it(`${variant} ${JSON.stringify(bounds)} ${JSON.stringify(knobs)}`, () => {
      const m = auditModel(variant as never, bounds, knobs);
      // Only what the test chose: the reference has its own knob defaults.
      const ref = new ReferenceAudit({ variant, bounds: { ...m.config.bounds }, knobs });
      fc.assert(fc.property(fc.array(fc.nat(), { minLength: 10, maxLength: 80 }), (choices) => compareAlong(m, ref, choices)),
        { numRuns: 60 });
    });
  }
});

/** Every reachable state of both models, decoded by field name, at bounds small enough to enumerate. */
describe('packed model = reference model on the whole reachable graph (small bounds)', () => {
  const GRAPH: [string, Record<string, number | typeof U>, Record<string, string>][] = [
    ['legacy', { tasks: 1, syscalls: 2 }, {}],
    ['v2.1', { tasks: 1, syscalls: 2 }, { 'walk-lock': 'rcu' }],
    ['proposed', { tasks: 1, syscalls: 2 }, {}],
    ['proposed-fixed', { tasks: 1, syscalls: 2 }, { 'walk-lock': 'rcu' }],
    ['proposed-ordered', { tasks: 2, forks: 0, syscalls: 1 }, { preempt: 'full' }],
    ['legacy', { tasks: 1, syscalls: U, ruleOps: U }, {}],
    ['v2.1', { tasks: 1, syscalls: U, ruleOps: U, maxRules: 2 }, { 'walk-lock': 'rcu' }],
    ['proposed', { tasks: 1, syscalls: U, ruleOps: U, childSyscalls: U }, {}],
    ['proposed-fixed', { tasks: 2, forks: 0, syscalls: U, ruleOps: 1 }, { preempt: 'full' }],
  ];
  for (const [variant, bounds, knobs] of GRAPH) {
    it(`${variant} ${JSON.stringify(bounds)} ${JSON.stringify(knobs)}`, () => {
      const m = auditModel(variant, bounds, knobs);
      // The packed model leaves the list order of interchangeable tasks to the first walk: the same
      // states as the reference's slot order, up to renaming those tasks.
      const key = (fs: Map<string, number>) => keyUpToRenaming(fs, m.interchangeable, m.config.bounds.cpus > m.tasks.length ? ['.cpu'] : []);
      const ref = new ReferenceAudit({ variant, bounds: { ...m.config.bounds }, knobs });
      const packed = new Set<string>();
      const packedSeen = new Set<string>();
      const queue: StateVector[] = [m.initialStates[0]!];
      while (queue.length > 0) {
        const s = queue.pop()!;
        if (packedSeen.has(s.join(','))) continue;
        packedSeen.add(s.join(','));
        packed.add(key(describeState(m, s)));
        for (const a of m.actions) if (a.enabled(s)) { const n = Uint32Array.from(s); a.apply(s, n); queue.push(n); }
      }
      const reference = new Set<string>();
      const referenceSeen = new Set<string>();
      const refQueue: RefState[] = [ref.initial()];
      while (refQueue.length > 0) {
        const r = refQueue.pop()!;
        const exact = JSON.stringify([...encode(r, ref.knob('walk-lock'))]);
        if (referenceSeen.has(exact)) continue;
        referenceSeen.add(exact);
        reference.add(key(encode(r, ref.knob('walk-lock'))));
        refQueue.push(...ref.steps(r).values());
      }
      expect(packed.size).toBeGreaterThan(50);
      expect([...packed].filter((k) => !reference.has(k)).slice(0, 3)).toEqual([]);
      expect([...reference].filter((k) => !packed.has(k)).slice(0, 3)).toEqual([]);
    });
  }
});
