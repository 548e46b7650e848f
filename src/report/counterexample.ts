/**
 * What every counterexample renderer receives: the trace, the model it replays on, the property it
 * violates and the configuration that produced it.
 */
import type { Trace } from '../checker/types.js';
import type { FieldId } from '../model/layout.js';
import type { Model } from '../model/model.js';

/** A protocol's bounds by name (camelCase), in the order reports print them. */
export type Bounds = Readonly<Record<string, number>>;

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
  /** True when the trace is a shortest one with the fewest context switches among the shortest. */
  readonly minimal: boolean;
  /**
   * Bookkeeping fields (program counters, bound counters) left out of the text and the graph so the
   * kernel state stands out; the .json keeps every field.
   */
  readonly hidden?: (field: string) => boolean;
}

/** The predicate `cx.hidden`, or one that hides nothing. */
export function hiddenOf(cx: Counterexample): (field: string) => boolean {
  return cx.hidden ?? (() => false);
}

/** `<variant>--<property>`: the base name of a counterexample's files. */
export function counterexampleBaseName(variant: string, property: string): string {
  return `${variant}--${property}`;
}

/**
 * `tasks=2 cpus=2 ...` in the CLI's own flag names. Still the audit protocol's five bounds by name
 * (the header the golden files pin); a second protocol would pass its own line.
 */
export function formatBounds(b: Bounds): string {
  return `tasks=${b['tasks']} cpus=${b['cpus']} forks=${b['forks']} rule-ops=${b['ruleOps']} syscalls=${b['syscalls']}`;
}

/** `name=value` for every knob, sorted by name. */
export function formatKnobs(knobs: Readonly<Record<string, string>>): string[] {
  return Object.keys(knobs)
    .sort()
    .map((k) => `${k}=${knobs[k]}`);
}
