/**
 * Turns a plain snapshot of a finished (or stopped) search into a {@link CheckResult}: verdicts,
 * replayed traces and statistics. Verdicts are honest: `holds` only when the whole reachable space
 * was explored. Any search (one store, a shared one, merged shards) can produce the snapshot.
 */
import type { StateVector } from '../model/layout.js';
import type { Model, Symmetry } from '../model/model.js';
import type { CheckResult, Coverage, PathSource, PropertyResult, ShardStats, StopReason, Trace } from './types.js';
import { violatesProperty, type Property } from './property.js';
import { traceTo } from './trace.js';

export interface SearchSnapshot {
  readonly model: Model;
  readonly properties: readonly Property[];
  readonly paths: PathSource;
  /** Initial states by id (sparse: only root ids are set). */
  readonly roots: readonly (StateVector | undefined)[];
  /** Per property: id of the violating state found, or -1. */
  readonly violations: readonly number[];
  readonly states: number;
  readonly transitions: number;
  readonly maxDepth: number;
  /** Some state was not expanded because of `maxDepth`. */
  readonly depthCut: boolean;
  /** The frontier ran empty. */
  readonly exhausted: boolean;
  readonly stopped?: StopReason;
  readonly elapsedSeconds: number;
  readonly storeBytes: number;
  readonly fingerprint: boolean;
  readonly shard?: ShardStats;
  /** With `coverage`: what the explored graph exercised. */
  readonly coverage?: Coverage;
  /** Set when the store holds orbit representatives: traces are then rebuilt as concrete runs. */
  readonly symmetry?: Symmetry;
}

/** `cache` keeps replayed traces across calls (a result may be asked for more than once). */
export function buildResult(snap: SearchSnapshot, cache: (Trace | undefined)[] = []): CheckResult {
  const stopped = snap.stopped ?? (snap.exhausted && snap.depthCut ? 'max-depth' : undefined);
  const complete = snap.exhausted && stopped === undefined;
  const properties: PropertyResult[] = snap.properties.map((p, k) => {
    const id = snap.violations[k]!;
    if (id < 0) return { name: p.name, verdict: complete ? 'holds' : 'incomplete' };
    const trace = (cache[k] ??= traceTo(snap.model, snap.paths, snap.roots, id, p.name, (s) =>
      violatesProperty(snap.model, p, s),
    snap.symmetry));
    return { name: p.name, verdict: 'violated', trace };
  });
  const states = snap.states;
  const result: CheckResult = {
    complete,
    ...(stopped === undefined ? {} : { stopped }),
    properties,
    ...(snap.shard === undefined ? {} : { shard: snap.shard }),
    stats: {
      states,
      transitions: snap.transitions,
      maxDepth: snap.maxDepth,
      elapsedSeconds: snap.elapsedSeconds,
      bytesPerState: states === 0 ? 0 : snap.storeBytes / states,
    },
  };
  const covered = snap.coverage === undefined ? result : { ...result, coverage: snap.coverage };
  return snap.fingerprint ? { ...covered, omissionProbability: (states * states) / 2 ** 65 } : covered;
}
