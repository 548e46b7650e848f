/**
 * A configuration as reports name it: an ordered list of `key=value` entries, each knowing whether it
 * is the default. Generic on purpose: the protocol (variant, bounds, knobs, memory model) and the
 * search (order, reduction, storage) both contribute entries, and no renderer knows which is which.
 */
import { wrap } from './wrap.js';

export interface ConfigEntry {
  /** In the CLI's spelling, e.g. `rule-ops`, `walk-lock`, `search`. */
  readonly key: string;
  readonly value: string;
  readonly isDefault: boolean;
}

export type Configuration = readonly ConfigEntry[];

/** `key=value key=value ...` for every entry, in order. */
export function formatConfiguration(c: Configuration): string {
  return c.map((e) => `${e.key}=${e.value}`).join(' ');
}

/** The entries as a JSON object, in order. */
export function configurationObject(c: Configuration): Record<string, string> {
  return Object.fromEntries(c.map((e) => [e.key, e.value]));
}

/** `configuration: key=value ...` wrapped to `width`, continuation lines indented under the first value. */
export function configurationLines(c: Configuration, width: number, label = 'configuration: '): string[] {
  return wrap(`${label}${formatConfiguration(c)}`, width, 2);
}

/** Characters a directory name made of `key=value` pairs may not contain (path separators, NUL). */
const UNSAFE = /[/\\\0]/g;

/**
 * The directory name of a configuration: '' when every entry is the default, else the non-default
 * `key=value` pairs joined by `,` in entry order (e.g. `preempt=full,tasks=3`). Two configurations
 * get the same name exactly when they differ from the defaults in the same way.
 */
export function configurationDirName(c: Configuration): string {
  return c
    .filter((e) => !e.isDefault)
    .map((e) => `${e.key}=${e.value}`.replace(UNSAFE, '_'))
    .join(',');
}
