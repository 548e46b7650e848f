/**
 * Random simulation for bounds too large to exhaust (TLC's -simulate, SPIN's random mode): N runs
 * from an initial state, each step an enabled action chosen by a seeded generator, every state
 * checked against the invariants (and deadlock). Deterministic for a given seed. It can find
 * violations; it can never establish that a property holds.
 */
import { rngFrom } from './rng.js';
import type { Invariant } from '../invariants/invariant.js';
import type { StateVector } from '../model/layout.js';
import { enabledActions, type Model } from '../model/model.js';
import type { Trace, TraceStep } from './types.js';

export interface SimulationOptions {
  readonly runs: number;
  readonly seed: number;
  /** Steps per run before it is abandoned (runs also end where nothing is enabled). */
  readonly maxSteps: number;
  /** Report states with no enabled step that the model does not call a valid end. */
  readonly deadlock: boolean;
  /** Checked between runs; true stops the simulation. */
  readonly stop?: () => boolean;
}

export interface SimulationResult {
  /** Invariants in the order given, then `deadlock` when asked: the first violating run's trace, if any. */
  readonly properties: readonly { readonly name: string; readonly trace?: Trace; readonly run?: number }[];
  readonly runs: number;
  readonly steps: number;
  readonly longestRun: number;
  readonly elapsedSeconds: number;
  readonly interrupted: boolean;
}

/** The seeded generator the simulation picks steps with. */
export const rng = rngFrom;

export function simulate(model: Model, invariants: readonly Invariant[], options: SimulationOptions): SimulationResult {
  const started = performance.now();
  const next = rng(options.seed);
  const names = [...invariants.map((i) => i.name), ...(options.deadlock ? ['deadlock'] : [])];
  const found: ({ trace: Trace; run: number } | undefined)[] = names.map(() => undefined);
  let steps = 0;
  let longest = 0;
  let runs = 0;
  let interrupted = false;
  for (let run = 1; run <= options.runs; run++) {
    if (options.stop?.() === true) {
      interrupted = true;
      break;
    }
    runs = run;
    const initial = model.initialStates[Math.floor(next() * model.initialStates.length)]!;
    const path: TraceStep[] = [];
    let s: StateVector = initial;
    const record = (k: number): void => {
      if (found[k] === undefined) found[k] = { trace: { initial, steps: [...path] }, run };
    };
    for (;;) {
      invariants.forEach((inv, k) => {
        if (found[k] === undefined && !inv.holds(s)) record(k);
      });
      const enabled = enabledActions(model, s);
      if (enabled.length === 0) {
        if (options.deadlock && model.isValidEnd?.(s) === false) record(invariants.length);
        break;
      }
      if (path.length >= options.maxSteps) break;
      const action = enabled[Math.floor(next() * enabled.length)]!;
      const after = Uint32Array.from(s);
      model.actions[action]!.apply(s, after);
      path.push({ action, state: after });
      s = after;
    }
    steps += path.length;
    longest = Math.max(longest, path.length);
  }
  return {
    properties: names.map((name, k) => (found[k] === undefined ? { name } : { name, trace: found[k].trace, run: found[k].run })),
    runs,
    steps,
    longestRun: longest,
    elapsedSeconds: (performance.now() - started) / 1000,
    interrupted,
  };
}
