/**
 * Files a protocol adds to a counterexample's set beyond the generic .txt .dot .svg .json (for
 * audit: the trace as a C litmus test), registered with the protocol's module so every renderer of
 * its counterexamples (src/cli/write-set.ts) finds them without naming the protocol.
 */
import type { Counterexample } from '../report/counterexample.js';

export interface SetExtension {
  /** File extensions it may add (without the dot), so a set that now holds is removed whole. */
  readonly extensions: readonly string[];
  /** `[file name, text]` pairs for `cx` (none when `cx` is not the protocol's); `base` names the set. */
  files(cx: Counterexample, base: string): readonly (readonly [string, string])[];
  /** A line the .txt of `cx` ends with, when it is written to a directory (e.g. why a file is missing). */
  note?(cx: Counterexample): string | undefined;
}

const extensions: SetExtension[] = [];

export function registerSetExtension(e: SetExtension): void {
  if (!extensions.includes(e)) extensions.push(e);
}

export function setExtensions(): readonly SetExtension[] {
  return extensions;
}
