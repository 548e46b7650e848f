/**
 * Writes a counterexample set `<variant>--<invariant>--<memory model>.{txt,dot,svg,json,litmus}` into a
 * directory. The .litmus is the trace as a C litmus test for LKMM (docs/litmus.md, "Export").
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { printLitmus } from '../litmus/print.js';
import { exportTrace } from '../litmus/export/trace.js';
import type { AuditModel } from '../model/audit/index.js';
import type { Model } from '../model/model.js';
import { counterexampleBaseName, type Counterexample } from '../report/counterexample.js';
import { renderDotTrace } from '../report/dot-trace.js';
import { renderJsonTrace } from '../report/json-trace.js';
import { renderSvg } from '../report/svg.js';
import { renderTextTrace } from '../report/text-trace.js';

export const SET_EXTENSIONS = ['txt', 'dot', 'svg', 'json', 'litmus'] as const;

/** The text the CLI prints for `cx` and stores in its .txt, given the directory its .json is in. */
export function textFor(cx: Counterexample, dir: string | undefined): string {
  const replayFile = dir === undefined ? undefined : join(dir, `${counterexampleBaseName(cx.variant, cx.property.name, cx.memoryModel)}.json`);
  return renderTextTrace(cx, replayFile === undefined ? {} : { replayFile });
}

/** Writes the five files (four for a model that is not the audit model: no litmus) and returns their paths. */
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
  if (isAuditModel(cx.model)) files.push([`${base}.litmus`, litmusFor(cx, cx.model, `${basename(base)}.json`)]);
  for (const [path, text] of files) await writeFile(path, text);
  return files.map(([path]) => path);
}

/** Removes the set of a cell that now holds, so a directory never keeps a stale counterexample. */
export async function removeCounterexampleSet(dir: string, variant: string, property: string, memoryModel?: string): Promise<void> {
  const base = join(dir, counterexampleBaseName(variant, property, memoryModel));
  await Promise.all(SET_EXTENSIONS.map((ext) => rm(`${base}.${ext}`, { force: true })));
}

function isAuditModel(m: Model): m is AuditModel {
  return 'system' in m && 'events' in m && 'fields' in m;
}

/** The counterexample as a litmus test; `origin` names its .json in the header. */
export function litmusFor(cx: Counterexample, model: AuditModel, origin: string): string {
  return printLitmus(exportTrace({ model, trace: cx.trace, property: cx.property, variant: cx.variant, memoryModel: cx.memoryModel ?? 'sc', origin }));
}
