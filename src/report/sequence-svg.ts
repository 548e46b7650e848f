/**
 * The counterexample as a message-sequence chart, drawn as SVG by our own code: one lifeline per lane
 * (CPU, or thread under the implicit scheduler) and one per shared variable, time going down, each
 * step a box on its lane with the local fields it changed, its writes to shared variables as arrows
 * to their lifelines (writes that change the value: the trace records states, not stores) and its
 * reads (the shared fields its footprint reads, with the value before the step) as arrows back, and the violating state as a red band at the end.
 * Sized to read as a mail attachment: about 1000 px wide, monospace text, nothing outside the view box.
 */
import { configurationLines } from './configuration.js';
import { hiddenOf, type Counterexample } from './counterexample.js';
import { LANE_COLOURS } from './dot-trace.js';
import { CYCLE_START, cycleEnd, viewTrace, type StepView, type TraceView } from './trace-view.js';
import { wrap } from './wrap.js';

const CHAR_W = 7.2;
/** Width of a character of the 10 px arrow labels. */
const LABEL_W = 6;
const LINE_H = 15;
const MARGIN = 16;
const LANE_W = 210;
const VAR_W = 140;
const ROW_GAP = 12;
const VIOLATION = '#c0392b';

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Monospace text lines starting at (x, y), one per LINE_H. */
function textLines(lines: readonly string[], x: number, y: number, attrs = ''): string {
  return lines.map((l, i) => `<text x="${x}" y="${y + i * LINE_H}"${attrs}>${esc(l)}</text>`).join('');
}

/**
 * Fields that are shared: accessed by steps of two or more threads anywhere in the model, changed
 * somewhere in the trace, and not bookkeeping. They get their own lifelines.
 */
function sharedFields(cx: Counterexample, steps: readonly StepView[]): string[] {
  const hidden = hiddenOf(cx);
  const threads = new Map<number, Set<number>>();
  for (const a of cx.model.actions) {
    for (const f of [...a.footprint.reads, ...a.footprint.writes]) {
      const set = threads.get(f) ?? new Set<number>();
      set.add(a.thread);
      threads.set(f, set);
    }
  }
  const changed = new Set(steps.flatMap((s) => s.changes.map((c) => c.field)));
  return cx.model.layout.fields
    .filter((f) => (threads.get(f.id)?.size ?? 0) >= 2 && changed.has(f.name) && !hidden(f.name))
    .map((f) => f.name);
}

interface Row {
  readonly step: StepView;
  readonly lines: readonly string[];
  readonly writes: readonly { field: string; label: string }[];
  readonly reads: readonly { field: string; label: string }[];
  readonly y: number;
  readonly h: number;
}

/** Renders `cx` as an SVG sequence chart (ends with a newline). */
export function renderSequenceSvg(cx: Counterexample): string {
  const view = viewTrace(cx.model, cx.trace);
  const hidden = hiddenOf(cx);
  const shared = sharedFields(cx, view.steps);
  const lanes = view.lanes;
  const width = MARGIN * 2 + lanes.length * LANE_W + shared.length * VAR_W;
  const titleChars = Math.floor((width - 2 * MARGIN) / CHAR_W);
  const title = [
    `${cx.variant} violates ${cx.property.name}`,
    ...wrap(cx.property.summary, titleChars),
    ...configurationLines(cx.configuration, titleChars),
  ];
  const laneX = (lane: string): number => MARGIN + lanes.indexOf(lane) * LANE_W + LANE_W / 2;
  const varX = (field: string): number => MARGIN + lanes.length * LANE_W + shared.indexOf(field) * VAR_W + VAR_W / 2;
  const heads = new Map<string, string[]>([
    ...lanes.map((l) => [l, wrap(l, Math.floor((LANE_W - 16) / CHAR_W))] as [string, string[]]),
    ...shared.map((f) => [f, wrap(f, Math.floor((VAR_W - 16) / CHAR_W))] as [string, string[]]),
  ]);
  const headH = Math.max(1, ...[...heads.values()].map((h) => h.length)) * LINE_H + 16;
  const top = MARGIN + title.length * LINE_H + 10;
  const bodyTop = top + headH + 10;

  const { rows, end: y, cycleY } = layoutRows(cx, view, shared, bodyTop);
  const fieldNames = cx.model.layout.fields;

  const last = view.states[view.states.length - 1]!;
  const readsText = cx.property.reads
    .map((id) => fieldNames[id]?.name)
    .filter((n): n is string => n !== undefined && !hidden(n))
    .map((n) => `${n}=${last.get(n) ?? 0}`);
  const loop = view.loopStart;
  const verdict =
    loop === undefined
      ? [
          view.steps.length === 0 ? `The initial state violates ${cx.property.name}` : `After step ${view.steps.length}: VIOLATES ${cx.property.name}`,
          ...wrap(`It reads: ${readsText.join(' ')}`, titleChars - 2, 2),
        ]
      : wrap(
          `${cycleEnd(loop, view.steps.length)}: VIOLATES ${cx.property.name}${cx.liveness === undefined ? '' : ` (case ${cx.liveness.case}, ${cx.liveness.fairThreads.length === 0 ? 'no fairness assumed' : `weak fairness for ${cx.liveness.fairThreads.join(', ')}`})`}`,
          titleChars,
          2,
        );
  const verdictY = y;
  const height = Math.ceil(verdictY + verdict.length * LINE_H + 12 + MARGIN);

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="monospace" font-size="12">`);
  out.push(`<title>${esc(title[0]!)}</title>`);
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<g class="title">${textLines(title, MARGIN, MARGIN + 11, '')}</g>`);
  const lifeline = (kind: string, name: string, x: number, w: number, colour: string): void => {
    out.push(
      `<g class="lifeline" data-kind="${kind}" data-name="${esc(name)}">` +
        `<rect x="${x - w / 2 + 4}" y="${top}" width="${w - 8}" height="${headH - 8}" rx="4" fill="#f4f4f4" stroke="${colour}"/>` +
        textLines(heads.get(name)!, x, top + 16, ` text-anchor="middle" fill="${colour}"`) +
        `<line x1="${x}" y1="${top + headH - 8}" x2="${x}" y2="${verdictY - 4}" stroke="${colour}" stroke-dasharray="4 3"/></g>`,
    );
  };
  lanes.forEach((lane, i) => lifeline('lane', lane, laneX(lane), LANE_W, LANE_COLOURS[i % LANE_COLOURS.length]!));
  for (const f of shared) lifeline('variable', f, varX(f), VAR_W, '#555555');
  out.push('<defs><marker id="arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L8,4 L0,8 z" fill="#333333"/></marker></defs>');
  for (const r of rows) out.push(renderRow(r, laneX(r.step.lane), varX, LANE_COLOURS[lanes.indexOf(r.step.lane) % LANE_COLOURS.length]!));
  if (cycleY !== undefined) {
    const mid = cycleY + LINE_H / 2;
    out.push(
      `<g class="cycle-start"><line x1="${MARGIN / 2}" y1="${mid}" x2="${width - MARGIN / 2}" y2="${mid}" stroke="${VIOLATION}" stroke-dasharray="6 3"/>` +
        `<rect x="${MARGIN}" y="${cycleY}" width="${CYCLE_START.length * CHAR_W + 8}" height="${LINE_H}" fill="#ffffff"/>` +
        `${textLines([CYCLE_START], MARGIN + 4, cycleY + 11, ` fill="${VIOLATION}"`)}</g>`,
    );
  }
  out.push(
    `<g class="violation"><rect x="${MARGIN / 2}" y="${verdictY}" width="${width - MARGIN}" height="${verdict.length * LINE_H + 10}" fill="#fdecea" stroke="${VIOLATION}" stroke-width="2"/>` +
      `${textLines(verdict, MARGIN, verdictY + 16, ` fill="${VIOLATION}"`)}</g>`,
  );
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/**
 * One row per step, top to bottom from `top`: the box's lines, its arrows and its height; for a lasso,
 * a band before its cycle's first step (at `cycleY`).
 */
function layoutRows(cx: Counterexample, view: TraceView, shared: readonly string[], top: number): { rows: Row[]; end: number; cycleY?: number } {
  const hidden = hiddenOf(cx);
  const boxChars = Math.floor((LANE_W - 16) / CHAR_W);
  const fieldNames = cx.model.layout.fields;
  const rows: Row[] = [];
  let y = top;
  let cycleY: number | undefined;
  const band = (): void => {
    cycleY = y;
    y += LINE_H + ROW_GAP;
  };
  view.steps.forEach((step, i) => {
    if (view.loopStart === i) band();
    const before = view.states[i]!;
    const action = cx.model.actions[cx.trace.steps[i]!.action]!;
    const who = step.lane === step.thread ? '' : `${step.thread.split(' ')[0]}: `;
    const local = step.changes.filter((c) => !hidden(c.field) && !shared.includes(c.field));
    const lines = [
      ...wrap(`${step.index}. ${who}${step.step}`, boxChars, 2),
      ...step.notes.flatMap((note) => wrap(note, boxChars, 2)),
      ...local.flatMap((c) => wrap(`${c.field} ${c.from}->${c.to}`, boxChars, 2)),
    ];
    const writes = step.changes.filter((c) => shared.includes(c.field)).map((c) => ({ field: c.field, label: `${c.field} := ${c.to}` }));
    const written = new Set(writes.map((w) => w.field));
    // A model that reports its loads in notes (`READ_ONCE(audit_n_rules) = 0`) says exactly what a
    // step read; otherwise the footprint's reads, an over-approximation, are drawn.
    const noted = (name: string): boolean => step.notes.some((n) => n.includes(`(${name})`));
    const reads = action.footprint.reads
      .map((id) => fieldNames[id]!.name)
      .filter((name) => shared.includes(name) && !written.has(name) && (step.notes.length === 0 || noted(name)))
      .map((name) => ({ field: name, label: `${name} == ${before.get(name) ?? 0}` }));
    const h = Math.max(lines.length * LINE_H + 8, (writes.length + reads.length) * 16 + 6);
    rows.push({ step, lines, writes, reads, y, h });
    y += h + ROW_GAP;
  });
  if (view.loopStart === view.steps.length) band();
  return { rows, end: y, ...(cycleY === undefined ? {} : { cycleY }) };
}

function renderRow(r: Row, x: number, varX: (f: string) => number, colour: string): string {
  const left = x - LANE_W / 2 + 6;
  const parts = [
    `<g class="step" data-step="${r.step.index}" data-lane="${esc(r.step.lane)}">`,
    `<rect x="${left}" y="${r.y}" width="${LANE_W - 12}" height="${r.h}" rx="4" fill="#ffffff" stroke="${colour}" stroke-width="1.5"/>`,
    textLines(r.lines, left + 6, r.y + 15, ''),
  ];
  const arrows = [...r.writes.map((w) => ({ ...w, write: true })), ...r.reads.map((rd) => ({ ...rd, write: false }))];
  arrows.forEach((a, i) => {
    const ay = r.y + 14 + i * 16;
    const vx = varX(a.field);
    const from = vx > x ? x + LANE_W / 2 - 6 : x - LANE_W / 2 + 6;
    const [x1, x2] = a.write ? [from, vx] : [vx, from];
    const labelX = (x1 + x2) / 2;
    parts.push(
      `<g class="${a.write ? 'write' : 'read'}" data-field="${esc(a.field)}">` +
        `<line x1="${x1}" y1="${ay}" x2="${x2}" y2="${ay}" stroke="${a.write ? colour : '#888888'}"${a.write ? '' : ' stroke-dasharray="3 2"'} marker-end="url(#arrow)"/>` +
        // A white backing keeps the label readable where it crosses a lifeline.
        `<rect x="${labelX - (a.label.length * LABEL_W) / 2 - 2}" y="${ay - 13}" width="${a.label.length * LABEL_W + 4}" height="11" fill="#ffffff" fill-opacity="0.9"/>` +
        `<text x="${labelX}" y="${ay - 4}" text-anchor="middle" font-size="10" fill="${a.write ? colour : '#666666'}">${esc(a.label)}</text></g>`,
    );
  });
  parts.push('</g>');
  return parts.join('');
}
