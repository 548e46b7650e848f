/**
 * The files of a counterexample set `<variant>--<invariant>--<memory model>.{txt,dot,svg,json}` and
 * what the protocol adds (src/protocols/set-files.ts; for audit, a .litmus), rendered in memory;
 * src/cli/output-dir.ts writes them.
 */
import { join } from 'node:path';
import { setExtensions } from '../protocols/set-files.js';
import { counterexampleBaseName, type Counterexample } from '../report/counterexample.js';
import { renderDotTrace } from '../report/dot-trace.js';
import { renderJsonTrace } from '../report/json-trace.js';
import { renderSequenceSvg } from '../report/sequence-svg.js';
import { renderTextTrace } from '../report/text-trace.js';
import type { SetFiles } from './output-dir.js';

// test/report/lasso.spec.ts reads the audit protocol's note from here.

/** Every extension a set may have: the generic ones, then the protocols'. */
function setExtensionNames(): string[] {
  return ['txt', 'dot', 'svg', 'json', ...setExtensions().flatMap((e) => e.extensions)];
}

/** The text the CLI prints for `cx` and stores in its .txt, given the directory its .json is in. */
export function textFor(cx: Counterexample, dir: string | undefined): string {
  const replayFile = dir === undefined ? undefined : join(dir, `${counterexampleBaseName(cx.variant, cx.property.name, cx.memoryModel)}.json`);
  const text = renderTextTrace(cx, replayFile === undefined ? {} : { replayFile });
  const notes = dir === undefined ? [] : setExtensions().flatMap((e) => e.note?.(cx) ?? []);
  return notes.reduce((t, note) => `${t}\n${note}\n`, text);
}

/** The files of `cx`'s set, as they will be written into `dir`. */
export function renderCounterexampleSet(dir: string, cx: Counterexample): SetFiles {
  const base = counterexampleBaseName(cx.variant, cx.property.name, cx.memoryModel);
  return {
    base,
    files: [
      [`${base}.txt`, textFor(cx, dir)],
      [`${base}.dot`, renderDotTrace(cx)],
      [`${base}.svg`, renderSequenceSvg(cx)],
      [`${base}.json`, renderJsonTrace(cx)],
      ...setExtensions().flatMap((e) => e.files(cx, base)),
    ],
  };
}

/** The file names of the set of a cell, e.g. to remove it when the cell now holds. */
export function setFileNames(variant: string, property: string, memoryModel?: string): string[] {
  const base = counterexampleBaseName(variant, property, memoryModel);
  return setExtensionNames().map((ext) => `${base}.${ext}`);
}
