/**
 * Symmetry reduction on the audit model: for every variant at 3 and 4 tasks (small other bounds), the
 * symmetric search gives the full search's verdicts and shortest trace lengths, stores exactly the
 * representatives of the reachable states, and prints traces that are concrete runs of the plain
 * model. The lazily chosen list order (steps/task-list.ts) is faithful: up to renaming the
 * interchangeable tasks, the model reaches exactly the states of the reference model, which keeps
 * them in slot order.
 */
import { describe, expect, it } from 'vitest';
import { auditModel, VARIANT_NAMES, type AuditModel, type Bounds } from './index.js';
import { auditInvariants } from '../../invariants/audit.js';
import { check, createSearch, lastState, replayTrace } from '../../checker/index.js';
import type { SearchRun } from '../../checker/search.js';
import type { StateStore } from '../../checker/state-store.js';
import type { CheckResult } from '../../checker/types.js';
import { isDeadlocked } from '../../checker/property.js';
import type { StateVector } from '../layout.js';
import { runCheck } from '../../api/run.js';
import { ReferenceAudit, encode, type RefState } from '../../../properties/reference/audit-reference.js';
import { keyUpToRenaming } from '../../../properties/up-to-renaming.js';

const key = (s: ArrayLike<number>): string => Array.from(s).join(',');

/** Every reachable state of the plain model (BFS, exact keys). */
function reachableStates(m: AuditModel): StateVector[] {
  const seen = new Set<string>();
  const out: StateVector[] = [];
  for (const s of m.initialStates) if (!seen.has(key(s))) (seen.add(key(s)), out.push(s));
  for (let i = 0; i < out.length; i++) {
    const s = out[i]!;
    for (const a of m.actions) {
      if (!a.enabled(s)) continue;
      const n = Uint32Array.from(s);
      a.apply(s, n);
      const k = key(n);
      if (!seen.has(k)) (seen.add(k), out.push(n));
    }
  }
  return out;
}

function symmetricSearch(m: AuditModel): { run: SearchRun; result: CheckResult } {
  // Coverage: explore everything even once every property has its verdict, so the store is complete.
  const run = createSearch(m, auditInvariants(m), { symmetry: true, coverage: true }) as SearchRun;
  while (!run.run(1000));
  return { run, result: run.result() };
}

function storedKeys(run: SearchRun, words: number): Set<string> {
  const snap = run.snapshot();
  const buf = new Uint32Array(words);
  const out = new Set<string>();
  for (let id = 0; id < snap.states; id++) {
    (snap.paths as StateStore).readState(id, buf);
    out.add(key(buf));
  }
  return out;
}

function expectConcreteTraces(m: AuditModel, r: CheckResult): void {
  const invs = auditInvariants(m);
  for (const p of r.properties) {
    if (p.trace === undefined) continue;
    expect(key(p.trace.initial)).toBe(key(m.initialStates[0]!));
    const last = lastState(replayTrace(m, p.trace.initial, p.trace.steps.map((s) => s.action)));
    const inv = invs.find((i) => i.name === p.name);
    expect(inv === undefined ? isDeadlocked(m, last) : !inv.holds(last), p.name).toBe(true);
  }
}

const verdicts = (r: CheckResult) => r.properties.map((p) => `${p.name}:${p.verdict}:${p.trace?.steps.length ?? '-'}`);

const CONFIGS: [string, Partial<Bounds>, Record<string, string>][] = [
  ['3 tasks, 2 CPUs (explicit scheduler)', { tasks: 3, syscalls: 1, ruleOps: 1 }, {}],
  // Children that make no syscalls where the space is largest: renaming never touches a child.
  ['4 tasks, 1 CPU', { tasks: 4, syscalls: 1, ruleOps: 1, cpus: 1, childSyscalls: 0 }, {}],
  ['3 tasks, no forker, a CPU each', { tasks: 3, forks: 0, cpus: 4, syscalls: 1, ruleOps: 1 }, {}],
];

describe('symmetry reduction on the audit model', () => {
  for (const [what, bounds, knobs] of CONFIGS) {
    describe(what, () => {
      for (const variant of VARIANT_NAMES) {
        it(variant, () => {
          const m = auditModel(variant, bounds, knobs);
          expect(m.interchangeable.length).toBe((bounds.tasks ?? 2) - (bounds.forks ?? 1));
          const full = check(m, auditInvariants(m), {});
          const { run, result: sym } = symmetricSearch(m);
          expect(verdicts(sym)).toEqual(verdicts(full));
          expectConcreteTraces(m, sym);
          const images = new Set<string>();
          const buf = new Uint32Array(m.layout.words);
          for (const s of reachableStates(m)) {
            m.symmetry!.canonicalize(s, buf);
            images.add(key(buf));
          }
          const stored = storedKeys(run, m.layout.words);
          expect(stored.size).toBe(images.size);
          expect([...stored].filter((k) => !images.has(k)).slice(0, 1)).toEqual([]);
          // Something was merged: the reduction is real.
          expect(images.size).toBeLessThan(full.stats.states);
        });
      }
    });
  }

  it('knobs that change the walk: rcu walk that skips tasks without a context, the implicit scheduler', () => {
    const knobSets: Record<string, string>[] = [{ 'walk-lock': 'rcu', 'walk-skips-no-context': 'yes' }, { scheduler: 'implicit', 'walk-on-add': 'every-rule' }];
    for (const knobs of knobSets) {
      for (const variant of ['v2.1', 'proposed-fixed']) {
        const m = auditModel(variant, { tasks: 3, syscalls: 1, ruleOps: 2, cpus: 1 }, knobs);
        const full = check(m, auditInvariants(m), {});
        const { result: sym } = symmetricSearch(m);
        expect(verdicts(sym), `${variant} ${JSON.stringify(knobs)}`).toEqual(verdicts(full));
        expect(sym.stats.states).toBeLessThan(full.stats.states);
        expectConcreteTraces(m, sym);
      }
    }
  });

  it('1 and 2 workers agree under symmetry, polished traces included', { timeout: 60_000 }, async () => {
    const config = { variant: 'v2.1', bounds: { tasks: 3, cpus: 2, forks: 1, ruleOps: 1, syscalls: 1, childSyscalls: 0 }, knobs: {} };
    const summary = (o: Awaited<ReturnType<typeof runCheck>>) => ({
      states: o.result.stats.states,
      properties: o.properties.map((p) => ({ name: p.property.name, verdict: p.verdict, trace: p.trace?.steps.map((s) => s.action), minimal: p.minimal })),
    });
    const one = await runCheck({ protocol: 'audit', config, options: { symmetry: true } });
    const two = await runCheck({ protocol: 'audit', config, options: { symmetry: true }, workers: 2 });
    expect(summary(two)).toEqual(summary(one));
    expect(one.properties.some((p) => p.verdict === 'violated' && p.minimal === true)).toBe(true);
  });

  it('is offered only under sc: store-buffer entries name one task\'s locations', () => {
    expect(auditModel('proposed-fixed', { tasks: 3 }, {}, { memoryModel: 'x86-tso' }).symmetry).toBeUndefined();
    expect(auditModel('proposed-fixed', { tasks: 3 }).symmetry?.description).toBe('tasks T1, T2');
    // A group of one has nothing to permute, and no list position.
    const two = auditModel('proposed-fixed');
    expect(two.symmetry).toBeUndefined();
    expect(two.layout.fields.some((f) => f.name.endsWith('.list_pos'))).toBe(false);
  });
});

/** Both models' reachable states, keyed up to renaming the interchangeable tasks. */
describe('the list order chosen by the first walk = the reference\'s slot order, up to renaming', () => {
  const GRAPH: [string, Partial<Bounds>, Record<string, string>][] = [
    ['proposed-fixed', { tasks: 3, syscalls: 1, ruleOps: 1, cpus: 1 }, {}],
    ['v2.1', { tasks: 3, syscalls: 1, ruleOps: 2, cpus: 1, childSyscalls: 0 }, { 'walk-lock': 'rcu' }],
    ['proposed', { tasks: 3, forks: 0, syscalls: 1, ruleOps: 1, cpus: 4 }, {}],
  ];
  for (const [variant, bounds, knobs] of GRAPH) {
    it(`${variant} ${JSON.stringify(bounds)} ${JSON.stringify(knobs)}`, { timeout: 60_000 }, () => {
      const m = auditModel(variant, bounds, knobs);
      const ref = new ReferenceAudit({ variant, bounds: { ...m.config.bounds }, knobs });
      const fixed = m.config.bounds.cpus > m.tasks.length ? ['.cpu'] : [];
      const packed = new Set(reachableStates(m).map((s) => keyUpToRenaming(m.layout.describe(s), m.interchangeable, fixed)));
      const reference = new Set<string>();
      const seen = new Set<string>();
      const queue: RefState[] = [ref.initial()];
      for (let i = 0; i < queue.length; i++) {
        const e = encode(queue[i]!, ref.knob('walk-lock'));
        const exact = JSON.stringify([...e]);
        if (seen.has(exact)) continue;
        seen.add(exact);
        reference.add(keyUpToRenaming(e, m.interchangeable, fixed));
        queue.push(...ref.steps(queue[i]!).values());
      }
      expect(packed.size).toBeGreaterThan(100);
      expect([...packed].filter((k) => !reference.has(k)).slice(0, 2)).toEqual([]);
      expect([...reference].filter((k) => !packed.has(k)).slice(0, 2)).toEqual([]);
    });
  }
});
