/**
 * The counterexample as a Graphviz graph, after TLC's DotStateWriter: rounded boxes, the initial state
 * filled and shown in full (its non-zero fields), every later state showing only the fields that
 * changed, edges labelled lane / thread / kernel function and coloured per lane, with a legend.
 */
import { configurationLines } from './configuration.js';
import type { Counterexample } from './counterexample.js';
import { counterexampleBaseName, hiddenOf } from './counterexample.js';
import { CYCLE_START, cycleEnd, nonZeroFields, viewTrace } from './trace-view.js';
import { wrap } from './wrap.js';

/** Colour-blind-safe lane colours (Tableau 10 without red, which marks the violation). */
export const LANE_COLOURS: readonly string[] = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#7f7f7f',
  '#bcbd22',
];
const VIOLATION_COLOUR = '#c0392b';

/** Escapes text for a double-quoted DOT string (TLC: `\` → `\\`, `"` → `\"`, newline → `\n`). */
export function escapeDot(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n');
}

/** Left-justified multi-line label: each line escaped, then ended with DOT's `\l`. */
function label(lines: readonly string[]): string {
  return `"${lines.map((l) => `${escapeDot(l)}\\l`).join('')}"`;
}

/**
 * Renders the trace as DOT source (ends with a newline). A lasso's last step is drawn back into the
 * state its cycle starts from (the same state, not drawn twice), which is marked; a stutter gets a
 * loop on its last state.
 */
export function renderDotTrace(cx: Counterexample): string {
  const view = viewTrace(cx.model, cx.trace);
  const hidden = hiddenOf(cx);
  const colour = (lane: string): string => LANE_COLOURS[view.lanes.indexOf(lane) % LANE_COLOURS.length]!;
  const name = counterexampleBaseName(cx.variant, cx.property.name, cx.memoryModel);
  const last = view.steps.length;
  const loop = view.loopStart;
  /** The node a step leads to: a lasso's last step goes back to the cycle's first state. */
  const target = (index: number): number => (loop !== undefined && index === last && loop < last ? loop : index);
  /** The node the violation is marked on: the last state, or where a lasso's cycle starts. */
  const marked = loop ?? last;
  const out: string[] = [];
  out.push(`digraph "${escapeDot(name)}" {`);
  const title = [`${cx.variant} violates ${cx.property.name}`, ...wrap(cx.property.summary, 60), ...configurationLines(cx.configuration, 60)];
  out.push(`  label=${label(title)};`);
  out.push('  labelloc=t;');
  out.push('  labeljust=l;');
  out.push('  fontname="Helvetica";');
  out.push('  node [shape=box, style=rounded, fontname="Courier", fontsize=11];');
  out.push('  edge [fontname="Helvetica", fontsize=10];');

  const initial = nonZeroFields(view.initial, hidden);
  const initialLines = ['initial state', ...(initial.length === 0 ? ['(all fields 0)'] : initial)];
  const violated =
    loop === undefined ? [`VIOLATES ${cx.property.name}`] : [CYCLE_START, `VIOLATES ${cx.property.name}${cx.liveness === undefined ? '' : ` (case ${cx.liveness.case})`}`];
  out.push(
    `  s0 [style="rounded,filled", fillcolor="#e8e8e8", label=${label(marked === 0 ? [...initialLines, ...violated] : initialLines)}${marked === 0 ? violationAttrs() : ''}];`,
  );
  for (const step of view.steps) {
    if (target(step.index) !== step.index) continue;
    const shown = step.changes.filter((c) => !hidden(c.field));
    const changed = shown.map((c) => `${c.field}=${c.to}`);
    const noted = [...step.notes.flatMap((n) => wrap(n, 40)), ...changed];
    const lines = noted.length === 0 ? ['(no kernel field changed)'] : noted;
    const isMarked = step.index === marked;
    out.push(`  s${step.index} [label=${label(isMarked ? [...lines, ...violated] : lines)}${isMarked ? violationAttrs() : ''}];`);
  }
  for (const step of view.steps) {
    const c = colour(step.lane);
    const who = step.lane === step.thread ? step.lane : `${step.lane} / ${step.thread}`;
    const back = target(step.index) !== step.index ? [`(${cycleEnd(loop!, last)})`] : [];
    out.push(
      `  s${step.index - 1} -> s${target(step.index)} [label=${label([`${step.index}. ${who}`, step.step, ...back])}, color="${c}", fontcolor="${c}"];`,
    );
  }
  if (loop === last) out.push(`  s${last} -> s${last} [label=${label([cycleEnd(loop, last)])}, style=dashed];`);
  out.push('  subgraph cluster_legend {');
  out.push('    label="lanes"; style=dashed; color="#999999"; fontsize=10;');
  view.lanes.forEach((lane, i) => {
    const c = colour(lane);
    out.push(`    legend${i} [shape=plaintext, label="${escapeDot(lane)}", fontcolor="${c}", fontname="Helvetica"];`);
  });
  out.push('  }');
  out.push('}');
  return out.join('\n') + '\n';
}

function violationAttrs(): string {
  return `, color="${VIOLATION_COLOUR}", fontcolor="${VIOLATION_COLOUR}", penwidth=2, peripheries=2`;
}
