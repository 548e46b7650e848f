/**
 * Unbounded mode on the audit model, through the library API: for every variant, the verdicts with
 * syscalls and rule operations unbounded against bounded runs at syscalls = rule-ops = 1, 2, ...
 * (2 tasks, the default fork, default --max-rules: 2 rules unbounded, 1 + n bounded; the child makes
 * no syscalls, as the bound on the tasks that loop is what is compared: children that loop are
 * src/invariants/audit-liveness.spec.ts's).
 *
 * (a) A bounded violation is an unbounded one: a bounded run, counters dropped, is an unbounded run
 *     (a task that used up its syscalls just never makes another), so no bounded run may violate what
 *     unbounded mode holds. Bounded runs may load more rules than unbounded mode's 2, so this also
 *     checks that --max-rules 2 loses none of their violations. For deadlock it is an observation,
 *     not a consequence: a bounded run could stop on a finished task, which an unbounded one never does.
 * (b) Every unbounded violation appears at some small bound: the bound grows until every cell agrees
 *     (at most MAX_BOUND), and from then on only the cells unbounded mode holds are run, up to
 *     SOUNDNESS_BOUND, for (a).
 * Every unbounded counterexample replays on a fresh model, and (the point of keeping name and aux
 * counts only zero/non-zero) replays step for step as a bounded run with enough syscalls and rule
 * operations, through the same kernel states, ending in the same violation.
 *
 * Measured on this 2-core machine, every cell agrees by syscalls = rule-ops = 2: v2.1's no-entry-bug
 * and rule-coverage and proposed's rule-coverage first appear there, every other violation at 1.
 */
import { describe, expect, it } from 'vitest';
import { lastState, loadProtocol, replayTrace, runCheck, selectProperties, violatesProperty, type ProtocolInstance, type RunOutcome, type Trace } from '../src/index.js';
import { DEFAULT_BOUNDS, UNBOUNDED, type AuditConfig, type Bound, type Bounds } from '../src/model/audit/config.js';
import { VARIANT_NAMES } from '../src/model/audit/variants/index.js';

/** Largest syscalls = rule-ops a cell may need to agree; past it the cell would be reported, not tested. */
const MAX_BOUND = 3;
/** Bound up to which the cells unbounded mode holds are checked to hold bounded too. */
const SOUNDNESS_BOUND = 3;

const BASE: Bounds = { ...DEFAULT_BOUNDS, childSyscalls: 0 };
const config = (variant: string, n: Bound): AuditConfig => ({ variant, bounds: { ...BASE, syscalls: n, ruleOps: n }, knobs: {} });
const run = (c: AuditConfig, properties?: readonly string[]): Promise<RunOutcome> =>
  runCheck({ protocol: 'audit', config: c, ...(properties === undefined ? {} : { properties }) });
/** Per property: violated, and the shortest counterexample's length. */
const verdictsOf = (out: RunOutcome): Map<string, { violated: boolean; length?: number }> =>
  new Map(out.properties.map((p) => [p.property.name, { violated: p.verdict === 'violated', ...(p.trace && { length: p.trace.steps.length }) }]));

/** Fields that only bounded the run: nr_syscalls and rule_ops differ; name and aux counts only in size. */
const COUNTER = /\.(nr_syscalls|rule_ops)$/;
const SATURATED = /\.ctx\.(name_count|aux)$/;

/** The bounds a bounded replay of `trace` needs: one syscall and one rule op more than it makes, so nothing finishes. */
function boundsFor(instance: ProtocolInstance, trace: Trace): Bounds {
  const { layout, actions } = instance.model;
  const userMode = Array.from({ length: BASE.tasks }, (_, i) => layout.field(`T${i}.user_mode`));
  const syscalls = userMode.map(() => 0);
  let ruleOps = 0;
  let before = trace.initial;
  for (const step of trace.steps) {
    // The entry check is the one step that leaves user mode.
    userMode.forEach((f, i) => {
      if (layout.get(before, f) === 1 && layout.get(step.state, f) === 0) syscalls[i]!++;
    });
    if (/^auditctl: audit_(add|del)_rule$/.test(actions[step.action]!.name)) ruleOps++;
    before = step.state;
  }
  return { ...BASE, syscalls: Math.max(...syscalls) + 1, ruleOps: ruleOps + 1 };
}

/** The kernel state of `s` (model `m`) by field name: counters left out, saturated counts as zero/non-zero. */
function kernelState(m: ProtocolInstance['model'], s: Uint32Array | Readonly<Uint32Array>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of m.layout.fields) {
    if (COUNTER.test(f.name)) continue;
    const v = m.layout.get(s, f.id);
    out[f.name] = SATURATED.test(f.name) ? Math.min(v, 1) : v;
  }
  return out;
}

/**
 * `trace` of unbounded `u` for `name` replays on a freshly built unbounded model, and as a bounded
 * run (same action names) through the same kernel states to a state that violates `name` there.
 */
async function expectReplays(variant: string, u: ProtocolInstance, name: string, trace: Trace): Promise<void> {
  const fresh = await loadProtocol({ protocol: 'audit', config: config(variant, UNBOUNDED) });
  const again = replayTrace(fresh.model, trace.initial, trace.steps.map((s) => s.action));
  expect(violatesProperty(fresh.model, selectProperties(fresh, [name])[0]!, lastState(again)), `${variant} ${name}: replayed unbounded`).toBe(true);
  const bounds = boundsFor(u, trace);
  const b = await loadProtocol({ protocol: 'audit', config: { variant, bounds, knobs: {} } });
  const ids = trace.steps.map((s) => b.model.actions.findIndex((a) => a.name === u.model.actions[s.action]!.name));
  expect(ids.every((id) => id >= 0), `${variant} ${name}: every step exists bounded`).toBe(true);
  const start = JSON.stringify(kernelState(u.model, trace.initial));
  const init = b.model.initialStates.find((s) => JSON.stringify(kernelState(b.model, s)) === start);
  expect(init, `${variant} ${name}: a bounded initial state like the unbounded one`).toBeDefined();
  // ReplayError if a step the unbounded trace takes is not enabled in the bounded model.
  const concrete = replayTrace(b.model, init!, ids);
  concrete.steps.forEach((s, i) => {
    expect(kernelState(b.model, s.state), `${variant} ${name} step ${i + 1}`).toEqual(kernelState(u.model, trace.steps[i]!.state));
  });
  const bad = violatesProperty(b.model, selectProperties(b, [name])[0]!, lastState(concrete));
  expect(bad, `${variant} ${name}: the bounded replay at ${JSON.stringify(bounds)} ends in the violation`).toBe(true);
}

describe('unbounded mode on the audit model: verdicts against growing bounds, counterexamples replay bounded', () => {
  for (const variant of VARIANT_NAMES) {
    // Fails if unbounded mode drops behaviour (a bounded violation it misses: unsound), adds some
    // (a violation no bound reaches, or a trace that is no bounded run: the saturation is not exact),
    // or if a search of the cyclic graph loses a state.
    it(`${variant}: bounded violations are unbounded ones, each unbounded one appears at syscalls = rule-ops ≤ ${MAX_BOUND}, counterexamples replay bounded`, async () => {
      const u = await run(config(variant, UNBOUNDED));
      const unbounded = verdictsOf(u);
      expect(u.properties.map((p) => `${p.property.name}:${p.verdict}`).filter((v) => v.endsWith(':incomplete'))).toEqual([]);
      const open = new Set([...unbounded].filter(([, v]) => v.violated).map(([name]) => name));
      const holding = [...unbounded].filter(([, v]) => !v.violated).map(([name]) => name);
      /** Runs bound n (asking only `asked`) and checks (a); a violation found closes its cell for (b). */
      const compareAt = async (n: number, asked?: readonly string[]): Promise<void> => {
        for (const [name, v] of verdictsOf(await run(config(variant, n), asked))) {
          if (!v.violated) continue;
          // (a): what a bounded run violates, unbounded mode violates too, in as few steps or fewer.
          const where = `${variant} ${name} at syscalls = rule-ops = ${n}`;
          expect(unbounded.get(name)!.violated, `SOUNDNESS: ${where} violated, holds unbounded`).toBe(true);
          expect(unbounded.get(name)!.length!, where).toBeLessThanOrEqual(v.length!);
          open.delete(name);
        }
      };
      let n = 1;
      for (; open.size > 0 && n <= MAX_BOUND; n++) await compareAt(n);
      for (; holding.length > 0 && n <= SOUNDNESS_BOUND; n++) await compareAt(n, holding);
      // (b): every unbounded violation was found by a bounded run within MAX_BOUND.
      expect([...open], `${variant}: unbounded violations no bounded run up to ${MAX_BOUND} finds`).toEqual([]);
      for (const p of u.properties) if (p.trace !== undefined) await expectReplays(variant, u.instance, p.property.name, p.trace);
    });
  }
});
