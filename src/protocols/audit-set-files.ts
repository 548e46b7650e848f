/**
 * The audit protocol's part of a counterexample set: the trace as a C litmus test for LKMM
 * (docs/litmus.md, "Export"), and for a lasso, which has no litmus form, a line saying why.
 */
import { exportTrace } from '../litmus/export/trace.js';
import { printLitmus } from '../litmus/print.js';
import type { AuditModel } from '../model/audit/index.js';
import type { Model } from '../model/model.js';
import type { Counterexample } from '../report/counterexample.js';
import { registerSetExtension } from './set-files.js';

/** Why a lasso's set has no .litmus: said in its text rather than writing a wrong test. */
export const NO_LITMUS_FOR_LASSO = 'No .litmus: this run repeats a cycle forever, and a litmus test is a finite run.';

function isAuditModel(m: Model): m is AuditModel {
  return 'system' in m && 'events' in m && 'fields' in m;
}

/** A lasso has no litmus form: litmus tests are finite runs with a final-state condition. */
function hasLitmusForm(cx: Counterexample): boolean {
  return cx.trace.loopStart === undefined;
}

/** The counterexample as a litmus test; `origin` names its .json in the header. */
export function litmusFor(cx: Counterexample, model: AuditModel, origin: string): string {
  return printLitmus(exportTrace({ model, trace: cx.trace, property: cx.property, variant: cx.variant, memoryModel: cx.memoryModel ?? 'sc', origin }));
}

registerSetExtension({
  extensions: ['litmus'],
  files: (cx, base) => (isAuditModel(cx.model) && hasLitmusForm(cx) ? [[`${base}.litmus`, litmusFor(cx, cx.model, `${base}.json`)]] : []),
  note: (cx) => (!hasLitmusForm(cx) && isAuditModel(cx.model) ? NO_LITMUS_FOR_LASSO : undefined),
});
