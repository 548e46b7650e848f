/**
 * Every state of a trace in full, step by step, as `spin -t -p` prints a trail: the step (lane, thread,
 * kernel function) and then every field of the state after it, bookkeeping included.
 */
import type { Counterexample } from './counterexample.js';
import { CYCLE_START, cycleEnd, viewTrace } from './trace-view.js';
import { wrapItems } from './wrap.js';

/** Renders `cx` with every field of every state (ends with a newline). */
export function renderFullTrace(cx: Counterexample, width = 80): string {
  const view = viewTrace(cx.model, cx.trace);
  const fields = (state: ReadonlyMap<string, number>): string[] =>
    wrapItems(
      [...state].map(([name, value]) => `${name}=${value}`),
      width,
      '    ',
    );
  const out: string[] = ['Every state in full (bookkeeping fields included):', '', '  initial state', ...fields(view.initial)];
  const loop = view.loopStart;
  for (const step of view.steps) {
    out.push('');
    if (loop === step.index - 1) out.push(`---- ${CYCLE_START} ----`, '');
    const who = step.lane === step.thread ? step.lane : `${step.lane} ${step.thread}`;
    out.push(`  ${step.index}: ${who}: ${step.step}`);
    for (const note of step.notes) out.push(`    (${note})`);
    out.push(...fields(view.states[step.index]!));
  }
  if (loop !== undefined) {
    if (loop === view.steps.length) out.push('', `---- ${CYCLE_START} ----`);
    out.push('', `---- ${cycleEnd(loop, view.steps.length)} ----`);
  }
  return out.map((l) => l.trimEnd()).join('\n') + '\n';
}
