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

const CONFIGS: [string, Record<string, number>, Record<string, string>][] = [
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
      const ref = new ReferenceAudit(m.config);
      fc.assert(fc.property(fc.array(fc.nat(), { minLength: 10, maxLength: 80 }), (choices) => compareAlong(m, ref, choices)),
        { numRuns: 60 });
    });
  }
});
