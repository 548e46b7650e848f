/**
 * The audit model's construction contract: configuration errors, action metadata, footprint honesty
 * (guards and effects read and write only what they declare), and basic shape.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FC_SEED } from '../../../properties/seed.js';
import type { StateVector } from '../layout.js';
import { AuditConfigError, DEFAULT_BOUNDS, KNOBS, VARIANTS, auditModel, buildAuditModel, type AuditModel } from './index.js';
import { VARIANT_NAMES } from './variants/index.js';
import { reachable } from './test-helpers.js';

describe('configuration', () => {
  const bad: [string, () => unknown, RegExp][] = [
    ['cpus 0', () => auditModel('legacy', { cpus: 0 }), /--cpus 0 .*allowed: 1\.\.4/],
    ['tasks 99', () => auditModel('legacy', { tasks: 99 }), /--tasks 99 .*allowed: 1\.\.4/],
    ['forks > tasks', () => auditModel('legacy', { tasks: 1, forks: 2 }), /--forks 2 exceeds --tasks 1/],
    ['unknown variant', () => buildAuditModel({ variant: 'v9' as never, bounds: DEFAULT_BOUNDS, knobs: {} }), /unknown variant 'v9'/],
    ['unknown knob', () => auditModel('v2.1', {}, { nope: 'x' }), /unknown knob '--nope'/],
    ['knob not applicable', () => auditModel('legacy', {}, { 'exit-clear': 'plain' }), /does not apply to variant legacy/],
    ['bad knob value', () => auditModel('proposed', {}, { 'exit-clear': 'maybe' }), /no value 'maybe' \(allowed: plain, recheck\)/],
    ['unknown ablation site', () => buildAuditModel({ variant: 'proposed-fixed', bounds: DEFAULT_BOUNDS, knobs: {}, withoutBarriers: ['spin_unlock(&tasklist_lock) in copy_process'] }),
      /no barrier or lock 'spin_unlock\(&tasklist_lock\) in copy_process' in this variant \(sites: smp_mb after clear_thread_flag, .*write_unlock_irq\(&tasklist_lock\) in copy_process/],
  ];
  for (const [what, build, message] of bad) {
    it(`rejects ${what} with one line`, () => {
      expect(build).toThrow(AuditConfigError);
      expect(build).toThrow(message);
      try { build(); } catch (e) { expect(String((e as Error).message)).not.toContain('\n'); }
    });
  }

  it('resolves every applicable knob to its default', () => {
    for (const v of VARIANTS) {
      const m = auditModel(v.name);
      for (const k of KNOBS) expect(m.config.knobs[k.name]).toBe(k.defaults[v.name]);
    }
    expect(auditModel('proposed-fixed').config.knobs['fork-read']).toBe('late');
    expect(auditModel('proposed', {}, { 'fork-read': 'late' }).config.knobs['fork-read']).toBe('late');
  });

  it('lists the variant table in history order (the matrix rows), each once', () => {
    expect(VARIANTS.map((v) => v.name)).toEqual([...VARIANT_NAMES]);
    expect(VARIANT_NAMES).toEqual(['legacy', 'v2.1', 'proposed', 'proposed-fixed', 'proposed-ordered', 'modern']);
  });
});

describe('actions', () => {
  it('have unique kernel-named names, labels, sources and valid threads', () => {
    for (const v of VARIANT_NAMES) {
      const m = auditModel(v);
      expect(new Set(m.actions.map((a) => a.name)).size).toBe(m.actions.length);
      for (const a of m.actions) {
        expect(a.name).toMatch(/^(T\d|auditctl): /);
        expect(a.label).toBeTruthy();
        expect(a.source).toMatch(/^(kernel|arch)\//);
        expect(a.thread).toBeGreaterThanOrEqual(0);
        expect(a.thread).toBeLessThan(m.threadNames.length);
      }
      expect(m.threadNames).toEqual(['T0', 'T1', 'T2 (child of T0)', 'auditctl']);
    }
  });

  it('start with one rule loaded and every actor able to finish', () => {
    const m = auditModel('legacy');
    const s = m.initialStates[0]!;
    expect(m.layout.get(s, m.layout.field('audit_n_rules'))).toBe(1);
    expect(m.isValidEnd!(s)).toBe(false);
  });
});

/** Random values for every field outside `keep`, within each field's width. */
function perturb(m: AuditModel, s: StateVector, keep: ReadonlySet<number>, rnd: () => number): Uint32Array {
  const out = Uint32Array.from(s);
  for (const f of m.layout.fields) {
    if (!keep.has(f.id)) m.layout.set(out, f.id, Math.floor(rnd() * (f.max + 1)));
  }
  return out;
}

describe(`footprints are honest (seed ${FC_SEED})`, () => {
  for (const [variant, knobs] of [
    ['legacy', {}], ['v2.1', { 'walk-lock': 'rcu', 'walk-skips-no-context': 'yes' }],
    ['proposed', { 'fork-read': 'late', 'walk-lock': 'rcu' }], ['proposed-fixed', { preempt: 'full' }],
  ] as const) {
    it(`${variant} ${JSON.stringify(knobs)}`, () => {
      const m = auditModel(variant, { tasks: 1, ruleOps: 2, syscalls: 2 }, knobs);
      const states = reachable(m);
      fc.assert(
        fc.property(fc.nat(states.length - 1), fc.nat(m.actions.length - 1), fc.double({ min: 0, max: 1, noNaN: true }),
          (si, ai, seed) => {
            let x = seed;
            const rnd = () => (x = (x * 9301 + 0.49297) % 1);
            const s = states[si]!;
            const a = m.actions[ai]!;
            const guard = new Set<number>(a.footprint.guard ?? a.footprint.reads);
            const reads = new Set<number>(a.footprint.reads);
            const writes = new Set<number>(a.footprint.writes);
            // The guard depends on guard fields only.
            const g = perturb(m, s, guard, rnd);
            expect(a.enabled(g)).toBe(a.enabled(s));
            if (!a.enabled(s)) return;
            const n = Uint32Array.from(s);
            a.apply(s, n);
            // Writes only declared fields.
            for (const f of m.layout.fields) {
              if (!writes.has(f.id)) expect(m.layout.get(n, f.id), `${a.name} wrote ${f.name}`).toBe(m.layout.get(s, f.id));
            }
            // The effect on written fields depends on read fields only.
            const p = perturb(m, s, reads, rnd);
            if (!a.enabled(p)) return;
            const pn = Uint32Array.from(p);
            a.apply(p, pn);
            // (a declared write the step leaves alone keeps its old value in both runs)
            for (const id of writes) {
              const f = id as never;
              const bothKept = m.layout.get(pn, f) === m.layout.get(p, f) && m.layout.get(n, f) === m.layout.get(s, f);
              if (!bothKept) expect(m.layout.get(pn, f), `${a.name}: ${m.layout.fields[id]!.name}`).toBe(m.layout.get(n, f));
            }
          }),
        { numRuns: 400 },
      );
    });
  }
});

describe('rules loaded at once with unbounded rule operations (--max-rules, default 2)', () => {
  const U = 'unbounded' as const;
  const mostRules = (maxRules?: number): number => {
    const m = auditModel('v2.1', { tasks: 1, forks: 0, syscalls: 1, ruleOps: U, ...(maxRules === undefined ? {} : { maxRules }) });
    const n = m.layout.field('audit_n_rules');
    return Math.max(...reachable(m).map((s) => m.layout.get(s, n)));
  };
  it('reaches 2 by default, so an audit_add_rule that does not walk (v2.1: not the first rule) is reachable', () => {
    // Fails if the default allowed only the rule loaded at start: every add would then be a first rule.
    expect(mostRules()).toBe(2);
    expect(mostRules(1)).toBe(1);
    expect(mostRules(3)).toBe(3);
  });
});
