/**
 * The files of a counterexample set `<variant>--<invariant>--<memory model>.{txt,dot,svg,json}`, rendered in memory;
 * src/cli/output-dir.ts writes them.
 */
import { join } from 'node:path';
import { counterexampleBaseName, type Counterexample } from '../report/counterexample.js';
import { renderDotTrace } from '../report/dot-trace.js';
import { renderJsonTrace } from '../report/json-trace.js';
import { renderSequenceSvg } from '../report/sequence-svg.js';
import { renderTextTrace } from '../report/text-trace.js';
import type { SetFiles } from './output-dir.js';

export const SET_EXTENSIONS = ['txt', 'dot', 'svg', 'json'] as const;

/** The text the CLI prints for `cx` and stores in its .txt, given the directory its .json is in. */
export function textFor(cx: Counterexample, dir: string | undefined): string {
  const replayFile = dir === undefined ? undefined : join(dir, `${counterexampleBaseName(cx.variant, cx.property.name, cx.memoryModel)}.json`);
  return renderTextTrace(cx, replayFile === undefined ? {} : { replayFile });
}

/** The four files of `cx`'s set, as they will be written into `dir`. */
export function renderCounterexampleSet(dir: string, cx: Counterexample): SetFiles {
  const base = counterexampleBaseName(cx.variant, cx.property.name, cx.memoryModel);
  return {
    base,
    files: [
      [`${base}.txt`, textFor(cx, dir)],
      [`${base}.dot`, renderDotTrace(cx)],
      [`${base}.svg`, renderSequenceSvg(cx)],
      [`${base}.json`, renderJsonTrace(cx)],
    ],
  };
}

/** The file names of the set of a cell, e.g. to remove it when the cell now holds. */
export function setFileNames(variant: string, property: string, memoryModel?: string): string[] {
  const base = counterexampleBaseName(variant, property, memoryModel);
  return SET_EXTENSIONS.map((ext) => `${base}.${ext}`);
}
