/**
 * The liveness part of `runCheck`: which combined options the liveness check refuses, running it in
 * slices, and its verdicts as property outcomes. Its lassos are shown as found (shortest prefix, a
 * cycle through the witnesses): they are replayed and re-checked by the engine, not polished.
 */
import { createLivenessCheck, type LivenessOptions, type LivenessResult } from '../checker/liveness/index.js';
import type { LivenessProperty } from '../checker/property.js';
import type { CheckOptions, CheckResult } from '../checker/types.js';
import type { Model } from '../model/model.js';

const SLICE_MS = 200;

/** A combination of options the liveness check does not support; one line, a usage error. */
export class UnsupportedLivenessOptionError extends Error {
  override readonly name = 'UnsupportedLivenessOptionError';
}

/**
 * Refuses options that would change what the liveness check explores: it needs every state and
 * every step of the reachable graph, stored exactly, on one thread. (Search order only orders the
 * safety search; the liveness check is the same either way.)
 */
export function refuseUnsupportedForLiveness(options: Omit<CheckOptions, 'deadlock' | 'onProgress'> | undefined, workers: number, names: readonly string[]): void {
  const o = options ?? {};
  const symmetry = (o as Record<string, unknown>)['symmetry'];
  const bad =
    o.por === true || o.reduction !== undefined ? 'partial-order reduction'
    : o.fingerprint === true ? 'fingerprint storage'
    : workers > 1 ? `${workers} workers`
    : o.shard !== undefined ? 'a sharded search'
    : o.maxDepth !== undefined ? 'a depth bound'
    : symmetry !== undefined && symmetry !== false ? 'symmetry reduction'
    : undefined;
  if (bad !== undefined) {
    throw new UnsupportedLivenessOptionError(`the liveness check (${names.join(', ')}) does not support ${bad}: it needs the full reachable graph, stored exactly, on one thread`);
  }
}

/** The liveness check's options from the engine's. */
export function livenessOptions(o: CheckOptions, signal: AbortSignal | undefined): LivenessOptions {
  return {
    ...(o.maxStates === undefined ? {} : { maxStates: o.maxStates }),
    ...(o.maxSeconds === undefined ? {} : { maxSeconds: o.maxSeconds }),
    ...(o.maxMemoryBytes === undefined ? {} : { maxMemoryBytes: o.maxMemoryBytes }),
    ...(o.onProgress === undefined ? {} : { onProgress: o.onProgress }),
    ...(o.progressIntervalMs === undefined ? {} : { progressIntervalMs: o.progressIntervalMs }),
    ...(signal === undefined ? {} : { signal }),
  };
}

/** Runs the liveness check in slices, yielding to the event loop between them. */
export async function livenessInSlices(model: Model, properties: readonly LivenessProperty[], options: LivenessOptions): Promise<LivenessResult> {
  const check = createLivenessCheck(model, properties, options);
  while (!check.run(SLICE_MS)) await new Promise((resolve) => setImmediate(resolve));
  return check.result();
}

/** `weak fairness for T0, T1` (or that none is assumed): what a liveness verdict assumes. */
export function fairnessAssumption(fairThreads: readonly string[]): string {
  return fairThreads.length === 0 ? 'no fairness assumed' : `weak fairness for ${fairThreads.join(', ')}`;
}

/** A liveness result as the `result` of a run that had no safety search. */
export function asCheckResult(r: LivenessResult): CheckResult {
  return { complete: r.complete, ...(r.stopped === undefined ? {} : { stopped: r.stopped }), properties: r.properties, stats: r.stats };
}


