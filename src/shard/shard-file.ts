/**
 * What one shard of a split run writes, and how shards combine. A violation in any shard is a
 * violation; `holds` needs every shard 0..N-1 present, complete and holding; anything else is
 * `incomplete`. Nothing here knows the protocol: cells are (variant, property) with counts and an
 * optional replayable trace object.
 */
import type { StopReason, Verdict } from '../checker/types.js';

export const SHARD_FORMAT = 'audit-check-shard';
export const SHARD_VERSION = 1;

export interface ShardCell {
  readonly variant: string;
  readonly invariant: string;
  /** Part of a cell's identity when the protocol has several (the audit model's memory models). */
  readonly memoryModel?: string;
  /** The whole configuration of the cell's search, as every result carries it (results.ts). */
  readonly configuration?: Readonly<Record<string, string>>;
  readonly verdict: Verdict;
  readonly search: string;
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  readonly seconds: number;
  readonly stopped?: StopReason;
  readonly traceLength?: number;
  readonly contextSwitches?: number;
  /** The replayable trace file's object (see report/json-trace.ts), when violated. */
  readonly trace?: unknown;
  /** Depth at which the frontier was split; states above it are explored by every shard. */
  readonly splitDepth?: number;
  /** States above the split depth (explored by every shard alike). */
  readonly prefixStates: number;
  /** Hashes of the stored states that are 0 modulo `sampleRate` (one search's cells share it). */
  readonly sample?: readonly number[];
  readonly sampleRate?: number;
}

export interface ShardFile {
  readonly format: typeof SHARD_FORMAT;
  readonly version: typeof SHARD_VERSION;
  readonly shard: { readonly index: number; readonly count: number };
  /** The run's settings (bounds, knobs, search options): every shard of one run must agree. */
  readonly run: Readonly<Record<string, unknown>>;
  readonly cells: readonly ShardCell[];
}

export class ShardFileError extends Error {
  override readonly name = 'ShardFileError';
}

/** Checks the shape of a parsed shard file (one-line errors). */
export function parseShardFile(text: string, name: string): ShardFile {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new ShardFileError(`${name} is not JSON`);
  }
  const f = v as Partial<ShardFile>;
  if (typeof v !== 'object' || v === null || f.format !== SHARD_FORMAT) throw new ShardFileError(`${name} is not an audit-check shard file`);
  if (f.version !== SHARD_VERSION) throw new ShardFileError(`${name}: shard format version ${String(f.version)} is not supported`);
  const s = f.shard;
  if (s === undefined || !Number.isInteger(s.index) || !Number.isInteger(s.count) || s.index < 0 || s.index >= s.count) {
    throw new ShardFileError(`${name}: "shard" must be {index, count} with 0 <= index < count`);
  }
  if (!Array.isArray(f.cells) || typeof f.run !== 'object' || f.run === null) throw new ShardFileError(`${name}: "cells" and "run" are required`);
  return v as ShardFile;
}

export interface MergedCell extends ShardCell {
  /** Shards whose cell decided the merged verdict (the violating one, or all). */
  readonly fromShard?: number;
}

export interface MergeReport {
  readonly count: number;
  readonly missing: readonly number[];
  readonly cells: readonly MergedCell[];
  /** States explored, summed over shards (with duplicates). */
  readonly exploredStates: number;
  /** States above the split depth counted once per extra shard: work known to be duplicated. */
  readonly duplicatePrefixStates: number;
  /**
   * Estimated states stored by more than one shard, counted once per extra shard (from the hash
   * samples; includes the prefix). Absent when a shard wrote no sample.
   */
  readonly duplicateStates?: number;
}

const key = (c: ShardCell): string => `${c.variant}\u0000${c.invariant}\u0000${c.memoryModel ?? ''}`;

/** A shorter trace wins, then fewer context switches, then the lower shard: the same for any file order. */
function better(a: ShardCell & { shard: number }, b: ShardCell & { shard: number }): boolean {
  const t = (a.traceLength ?? Infinity) - (b.traceLength ?? Infinity);
  if (t !== 0) return t < 0;
  const c = (a.contextSwitches ?? Infinity) - (b.contextSwitches ?? Infinity);
  return c !== 0 ? c < 0 : a.shard < b.shard;
}

/** Combines shard files of one run. Throws ShardFileError when they are not shards of one run. */
export function mergeShards(files: readonly ShardFile[]): MergeReport {
  if (files.length === 0) throw new ShardFileError('no shard files given');
  const count = files[0]!.shard.count;
  const run = JSON.stringify(files[0]!.run);
  const seen = new Map<number, ShardFile>();
  for (const f of files) {
    if (f.shard.count !== count) throw new ShardFileError(`shard ${f.shard.index}/${f.shard.count} is not one of ${count} shards`);
    if (JSON.stringify(f.run) !== run) throw new ShardFileError(`shard ${f.shard.index}/${count} was run with other settings than shard ${files[0]!.shard.index}/${count}`);
    if (seen.has(f.shard.index)) throw new ShardFileError(`shard ${f.shard.index}/${count} is given twice`);
    seen.set(f.shard.index, f);
  }
  const missing = [...Array(count).keys()].filter((i) => !seen.has(i));
  const order: string[] = [];
  const byKey = new Map<string, (ShardCell & { shard: number })[]>();
  for (const i of [...seen.keys()].sort((a, b) => a - b)) {
    for (const c of seen.get(i)!.cells) {
      const k = key(c);
      if (!byKey.has(k)) {
        byKey.set(k, []);
        order.push(k);
      }
      byKey.get(k)!.push({ ...c, shard: i });
    }
  }
  const cells = order.map((k) => mergeCell(byKey.get(k)!, count));
  // One entry per (shard, search): cells of one search share its statistics.
  const searches = new Map<string, ShardCell & { shard: number }>();
  for (const list of byKey.values()) {
    for (const c of list) {
      const k = `${c.shard}\u0000${c.variant}\u0000${c.search}`;
      if (!searches.has(k) || c.sample !== undefined) searches.set(k, c);
    }
  }
  const shardsPerSearch = new Map<string, { shards: number; prefix: number }>();
  let exploredStates = 0;
  for (const c of searches.values()) {
    exploredStates += c.states;
    const k = `${c.variant}\u0000${c.search}`;
    const e = shardsPerSearch.get(k) ?? { shards: 0, prefix: c.prefixStates };
    shardsPerSearch.set(k, { shards: e.shards + 1, prefix: e.prefix });
  }
  // Every shard explores the prefix above the split depth; one would have been enough.
  let duplicatePrefixStates = 0;
  for (const { shards, prefix } of shardsPerSearch.values()) duplicatePrefixStates += (shards - 1) * prefix;
  const duplicateStates = estimateDuplicates([...searches.values()]);
  return { count, missing, cells, exploredStates, duplicatePrefixStates, ...(duplicateStates === undefined ? {} : { duplicateStates }) };
}

/**
 * Per search: the shards' samples hold the same states' hashes where the shards overlap, so the
 * sampled states minus the distinct ones, scaled by the rate, estimate the duplicates.
 */
function estimateDuplicates(searches: readonly (ShardCell & { shard: number })[]): number | undefined {
  if (searches.some((c) => c.sample === undefined || c.sampleRate === undefined)) return undefined;
  const groups = new Map<string, (ShardCell & { shard: number })[]>();
  for (const c of searches) {
    const k = `${c.variant}\u0000${c.search}`;
    groups.set(k, [...(groups.get(k) ?? []), c]);
  }
  let dup = 0;
  for (const list of groups.values()) {
    const all = list.flatMap((c) => c.sample!);
    dup += (all.length - new Set(all).size) * list[0]!.sampleRate!;
  }
  return dup;
}

function mergeCell(list: readonly (ShardCell & { shard: number })[], count: number): MergedCell {
  const first = list[0]!;
  const violated = list.filter((c) => c.verdict === 'violated');
  const states = list.reduce((n, c) => n + c.states, 0);
  const transitions = list.reduce((n, c) => n + c.transitions, 0);
  const seconds = Math.max(...list.map((c) => c.seconds));
  const depth = Math.max(...list.map((c) => c.depth));
  const base = {
    variant: first.variant, invariant: first.invariant, ...(first.memoryModel === undefined ? {} : { memoryModel: first.memoryModel }),
    ...(first.configuration === undefined ? {} : { configuration: first.configuration }),
    search: first.search, states, transitions, seconds, depth, prefixStates: first.prefixStates,
  };
  if (violated.length > 0) {
    const best = violated.reduce((a, b) => (better(b, a) ? b : a));
    const { shard, ...cell } = best;
    return { ...cell, ...base, verdict: 'violated', fromShard: shard };
  }
  const holds = list.length === count && list.every((c) => c.verdict === 'holds');
  const stopped = list.find((c) => c.stopped !== undefined)?.stopped;
  return { ...base, verdict: holds ? 'holds' : 'incomplete', ...(holds || stopped === undefined ? {} : { stopped }) };
}
