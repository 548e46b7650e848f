/**
 * The files of a counterexample set `<variant>--<invariant>--<memory model>.{txt,dot,svg,json,litmus}`,
 * rendered in memory; src/cli/output-dir.ts writes them. The .litmus is the trace as a C litmus test
 * for LKMM (docs/litmus.md, "Export"), for the audit model only.
 */
import { join } from 'node:path';
import { exportTrace } from '../litmus/export/trace.js';
import { printLitmus } from '../litmus/print.js';
import type { AuditModel } from '../model/audit/index.js';
import type { Model } from '../model/model.js';
import { counterexampleBaseName, type Counterexample } from '../report/counterexample.js';
import { renderDotTrace } from '../report/dot-trace.js';
import { renderJsonTrace } from '../report/json-trace.js';
import { renderSequenceSvg } from '../report/sequence-svg.js';
import { renderTextTrace } from '../report/text-trace.js';
import type { SetFiles } from './output-dir.js';

export const SET_EXTENSIONS = ['txt', 'dot', 'svg', 'json', 'litmus'] as const;

/** Why a lasso's set has no .litmus: said in its text rather than writing a wrong test. */
export const NO_LITMUS_FOR_LASSO = 'No .litmus: this run repeats a cycle forever, and a litmus test is a finite run.';

/** The text the CLI prints for `cx` and stores in its .txt, given the directory its .json is in. */
export function textFor(cx: Counterexample, dir: string | undefined): string {
  const replayFile = dir === undefined ? undefined : join(dir, `${counterexampleBaseName(cx.variant, cx.property.name, cx.memoryModel)}.json`);
  const text = renderTextTrace(cx, replayFile === undefined ? {} : { replayFile });
  return dir !== undefined && hasLitmusForm(cx) === false && isAuditModel(cx.model) ? `${text}\n${NO_LITMUS_FOR_LASSO}\n` : text;
}

/** A lasso has no litmus form: litmus tests are finite runs with a final-state condition. */
function hasLitmusForm(cx: Counterexample): boolean {
  return cx.trace.loopStart === undefined;
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
      ...(isAuditModel(cx.model) && hasLitmusForm(cx) ? [[`${base}.litmus`, litmusFor(cx, cx.model, `${base}.json`)] as const] : []),
    ],
  };
}

function isAuditModel(m: Model): m is AuditModel {
  return 'system' in m && 'events' in m && 'fields' in m;
}

/** The counterexample as a litmus test; `origin` names its .json in the header. */
export function litmusFor(cx: Counterexample, model: AuditModel, origin: string): string {
  return printLitmus(exportTrace({ model, trace: cx.trace, property: cx.property, variant: cx.variant, memoryModel: cx.memoryModel ?? 'sc', origin }));
}

/** The file names of the set of a cell, e.g. to remove it when the cell now holds. */
export function setFileNames(variant: string, property: string, memoryModel?: string): string[] {
  const base = counterexampleBaseName(variant, property, memoryModel);
  return SET_EXTENSIONS.map((ext) => `${base}.${ext}`);
}
