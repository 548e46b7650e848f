/**
 * The counterexample as kernel developers write interleavings in mail: one column per CPU, time going
 * down, each step named after its kernel function with the fields it changed under it. Plain ASCII,
 * no trailing spaces, 80 columns for up to five lanes.
 */
import { configurationLines } from './configuration.js';
import { hiddenOf, type Counterexample } from './counterexample.js';
import { CYCLE_START, cycleEnd, nonZeroFields, viewTrace, type StepView } from './trace-view.js';
import { wrap, wrapItems } from './wrap.js';

export interface TextOptions {
  /** Total width; columns shrink to fit it but never below 12 characters. Default 80. */
  readonly width?: number;
  /** Path of the replayable .json, shown as the command that replays it. */
  readonly replayFile?: string;
}

/** Narrow enough that five lanes still fit 80 columns. */
const MIN_COLUMN = 12;
const SEPARATOR = ' | ';

/** Renders a counterexample as mail-ready text (ends with a newline). */
export function renderTextTrace(cx: Counterexample, options: TextOptions = {}): string {
  const width = options.width ?? 80;
  const view = viewTrace(cx.model, cx.trace);
  const hidden = hiddenOf(cx);
  const out: string[] = [];
  const n = view.steps.length;

  out.push(`audit-check: ${cx.variant} violates ${cx.property.name}`);
  out.push(...wrap(cx.property.summary, width - 2).map((l) => `  ${l}`));
  if (cx.liveness !== undefined) out.push(...wrap(`case ${cx.liveness.case}; ${fairness(cx.liveness.fairThreads)}`, width - 2).map((l) => `  ${l}`));
  out.push(...configurationLines(cx.configuration, width));
  out.push('');

  out.push('Initial state (fields not listed are 0):');
  const initial = nonZeroFields(view.initial, hidden);
  out.push(...(initial.length === 0 ? ['  (all 0)'] : wrapItems(initial, width, '  ')));
  out.push('');

  const threads = [...new Set(view.steps.map((st) => st.thread))];
  if (threads.length > 0) {
    out.push(...wrap(`Threads: ${threads.join(', ')}`, width, 2));
    out.push('');
  }
  out.push(...columns(view.lanes, view.steps, width, hidden, view.loopStart));
  out.push('');

  const shape = `${n} step${n === 1 ? '' : 's'}, ${view.threadSwitches} context switch${view.threadSwitches === 1 ? '' : 'es'}`;
  out.push(
    ...wrap(
      cx.minimal
        ? `${shape}: a shortest trace, and among the shortest one with the fewest context switches.`
        : `${shape}.`,
      width,
    ),
  );
  out.push('');

  const last = view.states[view.states.length - 1]!;
  out.push(...verdictLines(cx.property.name, n, view.loopStart, width));
  out.push(...wrap(cx.property.summary, width - 2).map((l) => `  ${l}`));
  if (cx.liveness !== undefined && view.loopStart !== undefined) out.push(...wrap(cycleFairness(cx.liveness.case, cx.liveness.fairThreads), width - 2).map((l) => `  ${l}`));
  const read = cx.property.reads.filter((id) => !hidden(cx.model.layout.fields[id]?.name ?? '')).map((id) => {
    const f = cx.model.layout.fields[id];
    return f === undefined ? `#${id}` : `${f.name}=${last.get(f.name) ?? 0}`;
  });
  if (read.length > 0) {
    out.push('  It reads, in that state:');
    out.push(...wrapItems(read, width, '    '));
  }

  const functions = kernelFunctions(view.steps);
  if (functions.length > 0) {
    out.push('');
    out.push('Kernel functions:');
    const w = Math.max(...functions.map(([f]) => f.length));
    for (const [f, src] of functions) out.push(src === '' ? `  ${f}` : `  ${f.padEnd(w)}  ${src}`);
  }
  if (cx.hidden !== undefined) {
    out.push('');
    out.push(...wrap('Program counters, CPUs and bound counters are not shown; the .json has every field of every state.', width));
  }
  if (options.replayFile !== undefined) {
    out.push('');
    out.push(`Replay: audit-check replay ${options.replayFile}`);
  }
  return out.map((l) => l.trimEnd()).join('\n') + '\n';
}

/** `weak fairness for T0, T1` as a verdict's assumption. */
function fairness(threads: readonly string[]): string {
  return threads.length === 0 ? 'no thread is assumed fair' : `assuming weak fairness for ${threads.join(', ')}`;
}

/** What the trace shows: a path to a violating state, or a run that repeats a cycle forever. */
function verdictLines(property: string, n: number, loopStart: number | undefined, width: number): string[] {
  if (loopStart === undefined) return [n === 0 ? `The initial state violates ${property}:` : `After step ${n}, ${property} is violated:`];
  const how =
    loopStart === n
      ? `After step ${n} no step is enabled, so the run stays there forever, and ${property} is violated:`
      : `The run repeats steps ${loopStart + 1}..${n} forever, and ${property} is violated:`;
  return wrap(how, width);
}

/** Why the cycle counts: its case, and that it is fair to every thread assumed fair. */
function cycleFairness(kase: string, threads: readonly string[]): string {
  const fair = threads.length === 0 ? 'No thread is assumed fair.' : `It is weakly fair: each of ${threads.join(', ')} takes a step in the cycle or has none enabled in one of its states.`;
  return `Case ${kase}. ${fair}`;
}

/** `---- text ----`, the marker lines of a lasso's cycle in the column form. */
function marker(text: string): string {
  return `---- ${text} ----`;
}

/** The swimlane table: a margin with the step number, then one column per lane; a lasso's cycle marked. */
function columns(lanes: readonly string[], steps: readonly StepView[], width: number, hidden: (f: string) => boolean, loopStart?: number): string[] {
  const margin = String(Math.max(1, steps.length)).length + 1;
  const lanesCount = Math.max(1, lanes.length);
  const col = Math.max(MIN_COLUMN, Math.floor((width - margin - SEPARATOR.length * (lanesCount - 1)) / lanesCount));
  const row = (cells: readonly string[], num = ''): string =>
    num.padStart(margin - 1) + ' ' + cells.map((c) => c.padEnd(col)).join(SEPARATOR);
  const out: string[] = [];
  out.push(row(lanes.map((l) => l)));
  out.push('-'.repeat(margin) + lanes.map(() => '-'.repeat(col)).join('-+-'));
  for (const step of steps) {
    if (loopStart === step.index - 1) out.push(...wrap(marker(CYCLE_START), width));
    const lane = lanes.indexOf(step.lane);
    // `T2 (child of T0)` is named in the thread list; in a column its first word is enough.
    const title = step.lane === step.thread ? step.step : `${step.thread.split(' ')[0]}: ${step.step}`;
    const cell = [
      ...wrap(title, col, 2),
      ...step.notes.flatMap((note) => wrap(note, col - 2, 2).map((l) => `  ${l}`)),
      ...step.changes.filter((c) => !hidden(c.field)).flatMap((c) => wrap(`${c.field} ${c.from}->${c.to}`, col - 2, 2).map((l) => `  ${l}`)),
    ];
    cell.forEach((line, i) => {
      const cells = lanes.map((_, j) => (j === lane ? line : ''));
      out.push(row(cells, i === 0 ? String(step.index) : ''));
    });
  }
  if (loopStart !== undefined) {
    if (loopStart === steps.length) out.push(...wrap(marker(CYCLE_START), width));
    out.push(...wrap(marker(cycleEnd(loopStart, steps.length)), width));
  }
  return out;
}

/** Each kernel function in order of first appearance, with its source file ('' when unknown). */
function kernelFunctions(steps: readonly StepView[]): [string, string][] {
  const seen = new Map<string, string>();
  for (const s of steps) if (!seen.has(s.label)) seen.set(s.label, s.source ?? '');
  return [...seen];
}
