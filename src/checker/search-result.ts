/**
 * Turns a search's state into a {@link CheckResult}: verdicts, replayed traces and statistics.
 * Verdicts are honest: `holds` only when the whole reachable space was explored.
 */
import type { StateVector } from '../model/layout.js';
import type { CheckResult, PropertyResult, Trace } from './types.js';
import type { SearchRun } from './search.js';
import { traceTo } from './trace.js';

/** Deadlock as a predicate, for re-checking the last state of a deadlock trace on replay. */
function deadlocked(run: SearchRun): (s: StateVector) => boolean {
  return (s) => run.model.actions.every((a) => !a.enabled(s)) && run.model.isValidEnd?.(s) === false;
}

const traces = new WeakMap<SearchRun, (Trace | undefined)[]>();

function traceOf(run: SearchRun, property: number, name: string): Trace {
  let cache = traces.get(run);
  if (cache === undefined) traces.set(run, (cache = []));
  const cached = cache[property];
  if (cached !== undefined) return cached;
  const inv = run.invariants[property];
  const violates = inv === undefined ? deadlocked(run) : (s: StateVector) => !inv.holds(s);
  const trace = traceTo(run.model, run.store, run.roots, run.violation[property]!, name, violates);
  cache[property] = trace;
  return trace;
}

export function buildResult(run: SearchRun): CheckResult {
  const stopped = run.stopped ?? (run.exhausted && run.depthCut ? 'max-depth' : undefined);
  const complete = run.exhausted && stopped === undefined;
  const names = run.invariants.map((i) => i.name);
  if (run.deadlockIndex >= 0) names.push('deadlock');
  const properties: PropertyResult[] = names.map((name, k) =>
    run.violation[k]! >= 0
      ? { name, verdict: 'violated', trace: traceOf(run, k, name) }
      : { name, verdict: complete ? 'holds' : 'incomplete' },
  );
  const states = run.store.size;
  const elapsedSeconds = ((run.endMs ?? performance.now()) - run.startMs) / 1000;
  const result: CheckResult = {
    complete,
    ...(stopped === undefined ? {} : { stopped }),
    properties,
    stats: {
      states,
      transitions: run.transitions,
      maxDepth: run.maxDepthSeen,
      elapsedSeconds,
      bytesPerState: states === 0 ? 0 : run.store.storeBytes() / states,
    },
  };
  const covered = run.coverage === undefined ? result : { ...result, coverage: run.coverage.result() };
  return run.store.fingerprint ? { ...covered, omissionProbability: (states * states) / 2 ** 65 } : covered;
}
