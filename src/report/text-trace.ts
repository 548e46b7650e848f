/**
 * The counterexample as kernel developers write interleavings in mail: one column per CPU, time going
 * down, each step named after its kernel function with the fields it changed under it. Plain ASCII,
 * no trailing spaces, 80 columns for up to three lanes.
 */
import { formatBounds, formatMemory, formatKnobs, hiddenOf, type Counterexample } from './counterexample.js';
import { nonZeroFields, viewTrace, type StepView } from './trace-view.js';
import { wrap, wrapItems } from './wrap.js';

export interface TextOptions {
  /** Total width; columns shrink to fit it but never below 18 characters. Default 80. */
  readonly width?: number;
  /** Path of the replayable .json, shown as the command that replays it. */
  readonly replayFile?: string;
}

const MIN_COLUMN = 18;
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
  out.push(...wrap(`bounds: ${formatBounds(cx.bounds)}`, width, 8));
  const knobs = formatKnobs(cx.knobs);
  if (knobs.length > 0) out.push(...wrap(`knobs: ${knobs.join(' ')}`, width, 7));
  out.push(...wrap(formatMemory(cx.memoryModel, cx.storeBuffer), width, 2));
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
  out.push(...columns(view.lanes, view.steps, width, hidden));
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
  out.push(n === 0 ? `The initial state violates ${cx.property.name}:` : `After step ${n}, ${cx.property.name} is violated:`);
  out.push(...wrap(cx.property.summary, width - 2).map((l) => `  ${l}`));
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

/** The swimlane table: a margin with the step number, then one column per lane. */
function columns(lanes: readonly string[], steps: readonly StepView[], width: number, hidden: (f: string) => boolean): string[] {
  const margin = String(Math.max(1, steps.length)).length + 1;
  const lanesCount = Math.max(1, lanes.length);
  const col = Math.max(MIN_COLUMN, Math.floor((width - margin - SEPARATOR.length * (lanesCount - 1)) / lanesCount));
  const row = (cells: readonly string[], num = ''): string =>
    num.padStart(margin - 1) + ' ' + cells.map((c) => c.padEnd(col)).join(SEPARATOR);
  const out: string[] = [];
  out.push(row(lanes.map((l) => l)));
  out.push('-'.repeat(margin) + lanes.map(() => '-'.repeat(col)).join('-+-'));
  for (const step of steps) {
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
  return out;
}

/** Each kernel function in order of first appearance, with its source file ('' when unknown). */
function kernelFunctions(steps: readonly StepView[]): [string, string][] {
  const seen = new Map<string, string>();
  for (const s of steps) if (!seen.has(s.label)) seen.set(s.label, s.source ?? '');
  return [...seen];
}
