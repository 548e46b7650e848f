/**
 * Writes a counterexample set `<variant>--<invariant>--<memory model>.{txt,dot,svg,json}` into a directory.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { counterexampleBaseName, type Counterexample } from '../report/counterexample.js';
import { renderDotTrace } from '../report/dot-trace.js';
import { renderJsonTrace } from '../report/json-trace.js';
import { renderSvg } from '../report/svg.js';
import { renderTextTrace } from '../report/text-trace.js';

export const SET_EXTENSIONS = ['txt', 'dot', 'svg', 'json'] as const;

/** The text the CLI prints for `cx` and stores in its .txt, given the directory its .json is in. */
export function textFor(cx: Counterexample, dir: string | undefined): string {
  const replayFile = dir === undefined ? undefined : join(dir, `${counterexampleBaseName(cx.variant, cx.property.name, cx.memoryModel)}.json`);
  return renderTextTrace(cx, replayFile === undefined ? {} : { replayFile });
}

/** Writes the four files and returns their paths. */
export async function writeCounterexampleSet(dir: string, cx: Counterexample): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const base = join(dir, counterexampleBaseName(cx.variant, cx.property.name, cx.memoryModel));
  const dot = renderDotTrace(cx);
  const files: [string, string][] = [
    [`${base}.txt`, textFor(cx, dir)],
    [`${base}.dot`, dot],
    [`${base}.svg`, await renderSvg(dot)],
    [`${base}.json`, renderJsonTrace(cx)],
  ];
  for (const [path, text] of files) await writeFile(path, text);
  return files.map(([path]) => path);
}

/** Removes the set of a cell that now holds, so a directory never keeps a stale counterexample. */
export async function removeCounterexampleSet(dir: string, variant: string, property: string, memoryModel?: string): Promise<void> {
  const base = join(dir, counterexampleBaseName(variant, property, memoryModel));
  await Promise.all(SET_EXTENSIONS.map((ext) => rm(`${base}.${ext}`, { force: true })));
}
