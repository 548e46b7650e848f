/**
 * The checker's answer for people (text) and for tools (JSON): the verdict, the counts, and a
 * witness execution (Allowed) or the axiom and cycle that rule out a candidate (Forbidden).
 */
import type { LitmusTest, Value } from './ast.js';
import type { Execution } from './candidates.js';
import type { CheckResult } from './check.js';
import type { Event } from './events.js';
import { printCondition } from './print.js';

export function renderLitmusText(test: LitmusTest, r: CheckResult): string {
  const out: string[] = [];
  out.push(`Test ${test.name} under ${r.model}: ${r.verdict}`);
  out.push(`Condition: ${printCondition(test.condition)}`);
  out.push(
    `Result: ${r.result} (the proposition holds in ${r.satisfying} of ${r.consistent} consistent executions; ${r.candidates} candidates)`,
  );
  if (r.witness !== undefined) {
    out.push('', 'Witness execution:', ...executionLines(r.witness));
  } else if (r.example !== undefined) {
    const by = Object.entries(r.forbiddenBy ?? {}).map(([axiom, n]) => `${axiom} (${n} candidate${n === 1 ? '' : 's'})`);
    out.push(`Forbidden by: ${by.join(', ')}`);
    out.push('', `Example candidate, rejected by ${r.example.failure.axiom}:`, ...executionLines(r.example.execution));
    const cycle = r.example.failure.cycle.map((e) => `e${e.from} -${e.label}-> e${e.to}`);
    out.push(`  cycle:  ${cycle.join('  ')}`);
  } else {
    out.push('No candidate execution reaches the condition: no write stores the values it needs.');
  }
  return `${out.join('\n')}\n`;
}

function executionLines(x: Execution): string[] {
  const out = ['  events:'];
  for (const e of x.events) out.push(`    ${`e${e.id}`.padEnd(4)} ${eventText(e)}`.trimEnd());
  const rf = x.rf.pairs().map(([w, r]) => `e${w}->e${r}`);
  out.push(`  rf:     ${rf.join('  ')}`);
  const co = [...x.coOrder].filter(([, o]) => o.length > 1).map(([loc, o]) => `${loc}: ${o.map((i) => `e${i}`).join(' < ')}`);
  out.push(`  co:     ${co.length === 0 ? '(one write per location)' : co.join('; ')}`);
  out.push(`  final:  ${[...x.finals].map(([k, v]) => `${k}=${String(v)}`).join(' ')}`);
  if (x.regs.size > 0) out.push(`  regs:   ${[...x.regs].map(([k, v]) => `${k}=${String(v)}`).join(' ')}`);
  return out;
}

function eventText(e: Event): string {
  const who = e.thread < 0 ? 'init' : `P${e.thread}`;
  const source = e.note === undefined ? e.text : `${e.text.padEnd(24)}  /* ${e.note} */`;
  if (e.kind === 'F') return `${who.padEnd(4)}  F[${e.fence}]`.padEnd(34) + source;
  const tag = e.thread < 0 ? '' : `[${e.lock ?? e.tag ?? 'once'}]`;
  return `${who.padEnd(4)}  ${e.kind}${tag} ${e.loc}=${String(e.value)}`.padEnd(34) + (e.thread < 0 ? '' : source);
}

interface JsonEvent {
  readonly id: number;
  readonly thread: number | 'init';
  readonly kind: 'R' | 'W' | 'F';
  readonly tag?: string;
  readonly loc?: string;
  readonly value?: Value;
  readonly instruction?: string;
  readonly comment?: string;
}

function executionJson(x: Execution): object {
  const events: JsonEvent[] = x.events.map((e) => ({
    id: e.id,
    thread: e.thread < 0 ? 'init' : e.thread,
    kind: e.kind,
    ...(e.kind === 'F' ? { tag: e.fence! } : { tag: e.thread < 0 ? 'init' : (e.lock ?? e.tag ?? 'once'), loc: e.loc!, value: e.value! }),
    ...(e.thread < 0 ? {} : { instruction: e.text }),
    ...(e.note === undefined ? {} : { comment: e.note }),
  }));
  return {
    events,
    rf: x.rf.pairs().map(([w, r]) => ({ write: w, read: r })),
    co: Object.fromEntries(x.coOrder),
    final: Object.fromEntries(x.finals),
    registers: Object.fromEntries(x.regs),
  };
}

export function litmusJson(test: LitmusTest, file: string, r: CheckResult): object {
  return {
    format: 'audit-check-litmus-result',
    version: 1,
    file,
    test: test.name,
    model: r.model,
    quantifier: test.condition.quantifier,
    verdict: r.verdict,
    result: r.result,
    candidates: r.candidates,
    consistent: r.consistent,
    satisfying: r.satisfying,
    ...(r.witness === undefined ? {} : { witness: executionJson(r.witness) }),
    ...(r.forbiddenBy === undefined ? {} : { forbiddenBy: r.forbiddenBy }),
    ...(r.example === undefined ? {} : { example: { axiom: r.example.failure.axiom, cycle: r.example.failure.cycle, execution: executionJson(r.example.execution) } }),
  };
}
