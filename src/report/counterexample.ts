/**
 * What every counterexample renderer receives: the trace, the model it replays on, the property it
 * violates and the configuration that produced it.
 */
import type { Trace } from '../checker/types.js';
import type { FieldId } from '../model/layout.js';
import type { Model } from '../model/model.js';
import type { Configuration } from './configuration.js';

/** A protocol's bounds by name (camelCase), in the order reports print them. */
export type Bounds = Readonly<Record<string, number | string>>;

/** The violated property as reports show it (an invariant, or the engine's `deadlock`). */
export interface ViolatedProperty {
  readonly name: string;
  /** One line in the kernel's words. */
  readonly summary: string;
  /** Fields the property reads; their values in the last state are printed. Empty for deadlock. */
  readonly reads: readonly FieldId[];
}

export interface Counterexample {
  readonly model: Model;
  readonly trace: Trace;
  readonly property: ViolatedProperty;
  readonly variant: string;
  readonly bounds: Bounds;
  /** Every knob with its resolved value. */
  readonly knobs: Readonly<Record<string, string>>;
  /** The memory model the trace runs under (`sc` when absent). */
  readonly memoryModel?: string;
  /** Store-buffer entries per CPU, under a weak memory model. */
  readonly storeBuffer?: number;
  /** The whole configuration (variant, bounds, knobs, memory model, search), as every header names it. */
  readonly configuration: Configuration;
  /** True when the trace is a shortest one with the fewest context switches among the shortest. */
  readonly minimal: boolean;
  /**
   * Bookkeeping fields (program counters, bound counters) left out of the text and the graph so the
   * kernel state stands out; the .json keeps every field.
   */
  readonly hidden?: (field: string) => boolean;
  /** A liveness counterexample (the trace is a lasso, `trace.loopStart` set): its case and fairness. */
  readonly liveness?: LassoInfo;
}

export interface LassoInfo {
  /** The case the cycle is a counterexample to, e.g. `T1`. */
  readonly case: string;
  /** Names of the threads assumed weakly fair. */
  readonly fairThreads: readonly string[];
}

/** The predicate `cx.hidden`, or one that hides nothing. */
export function hiddenOf(cx: Counterexample): (field: string) => boolean {
  return cx.hidden ?? (() => false);
}

/** `<variant>--<property>--<memory model>`: the base name of a counterexample's files. */
export function counterexampleBaseName(variant: string, property: string, memoryModel = 'sc'): string {
  return `${variant}--${property}--${memoryModel}`;
}

/** `memory model: x86-tso, store buffer 2 entries per CPU` (one line). */
export function formatMemory(memoryModel = 'sc', storeBuffer?: number): string {
  return memoryModel === 'sc' || storeBuffer === undefined
    ? `memory model: ${memoryModel}`
    : `memory model: ${memoryModel}, store buffer ${storeBuffer} entries per CPU`;
}

/** `name=value` for every knob, sorted by name. */
export function formatKnobs(knobs: Readonly<Record<string, string>>): string[] {
  return Object.keys(knobs)
    .sort()
    .map((k) => `${k}=${knobs[k]}`);
}
