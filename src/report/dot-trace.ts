/**
 * The counterexample as a Graphviz graph, after TLC's DotStateWriter: rounded boxes, the initial state
 * filled and shown in full (its non-zero fields), every later state showing only the fields that
 * changed, edges labelled lane / thread / kernel function and coloured per lane, with a legend.
 */
import type { Counterexample } from './counterexample.js';
import { counterexampleBaseName, formatMemory, hiddenOf } from './counterexample.js';
import { nonZeroFields, viewTrace } from './trace-view.js';
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

/** Renders the trace as DOT source (ends with a newline). */
export function renderDotTrace(cx: Counterexample): string {
  const view = viewTrace(cx.model, cx.trace);
  const hidden = hiddenOf(cx);
  const colour = (lane: string): string => LANE_COLOURS[view.lanes.indexOf(lane) % LANE_COLOURS.length]!;
  const name = counterexampleBaseName(cx.variant, cx.property.name, cx.memoryModel);
  const last = view.steps.length;
  const out: string[] = [];
  out.push(`digraph "${escapeDot(name)}" {`);
  out.push(`  label=${label([`${cx.variant} violates ${cx.property.name}`, ...wrap(cx.property.summary, 60), formatMemory(cx.memoryModel, cx.storeBuffer)])};`);
  out.push('  labelloc=t;');
  out.push('  labeljust=l;');
  out.push('  fontname="Helvetica";');
  out.push('  node [shape=box, style=rounded, fontname="Courier", fontsize=11];');
  out.push('  edge [fontname="Helvetica", fontsize=10];');

  const initial = nonZeroFields(view.initial, hidden);
  const initialLines = ['initial state', ...(initial.length === 0 ? ['(all fields 0)'] : initial)];
  const violated = [`VIOLATES ${cx.property.name}`];
  out.push(
    `  s0 [style="rounded,filled", fillcolor="#e8e8e8", label=${label(last === 0 ? [...initialLines, ...violated] : initialLines)}${last === 0 ? violationAttrs() : ''}];`,
  );
  for (const step of view.steps) {
    const shown = step.changes.filter((c) => !hidden(c.field));
    const lines = shown.length === 0 ? ['(no kernel field changed)'] : shown.map((c) => `${c.field}=${c.to}`);
    const isLast = step.index === last;
    out.push(`  s${step.index} [label=${label(isLast ? [...lines, ...violated] : lines)}${isLast ? violationAttrs() : ''}];`);
  }
  for (const step of view.steps) {
    const c = colour(step.lane);
    const who = step.lane === step.thread ? step.lane : `${step.lane} / ${step.thread}`;
    out.push(
      `  s${step.index - 1} -> s${step.index} [label=${label([`${step.index}. ${who}`, step.step])}, color="${c}", fontcolor="${c}"];`,
    );
  }
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
