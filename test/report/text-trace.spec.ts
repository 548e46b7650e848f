import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderTextTrace } from '../../src/report/text-trace.js';
import { toyCounterexample, toyTrace } from '../fixtures/toy-model.js';

const golden = fileURLToPath(new URL('../golden/toy--counter-exact.txt', import.meta.url));

describe('renderTextTrace', () => {
  it('matches the reviewed golden file (UPDATE_GOLDEN=1 rewrites it)', () => {
    const text = renderTextTrace(toyCounterexample(), { replayFile: 'counterexamples/toy--counter-exact.json' });
    if (process.env['UPDATE_GOLDEN'] !== undefined) writeFileSync(golden, text);
    expect(text).toBe(readFileSync(golden, 'utf8'));
  });

  it('fits 80 columns, is plain ASCII and has no trailing spaces', () => {
    const text = renderTextTrace(toyCounterexample());
    for (const line of text.split('\n')) {
      expect(line.length).toBeLessThanOrEqual(80);
      expect(line).toBe(line.trimEnd());
      expect(/^[\x20-\x7e]*$/.test(line)).toBe(true);
    }
  });

  it('puts each step in its lane column and names the thread when it differs from the lane', () => {
    const lines = renderTextTrace(toyCounterexample()).split('\n');
    const header = lines.find((l) => l.includes('CPU0'))!;
    const split = header.indexOf('|');
    expect(header.slice(split)).toContain('CPU1');
    const t1 = lines.find((l) => l.includes('T1: load_counter'))!;
    expect(t1.indexOf('T1: load_counter')).toBeGreaterThan(split);
    const t0 = lines.find((l) => l.includes('T0: load_counter'))!;
    expect(t0.indexOf('T0: load_counter')).toBeLessThan(split);
  });

  it('lists the changed fields under each step and the violated invariant with the fields it reads', () => {
    const text = renderTextTrace(toyCounterexample());
    expect(text).toContain('counter 0->1');
    expect(text).toContain('After step 5, counter-exact is violated:');
    expect(text).toContain('counter=1 T0.pc=2 T1.pc=2');
    expect(text).toContain('5 steps, 4 context switches');
  });

  it('names the whole configuration in its header', () => {
    const text = renderTextTrace(toyCounterexample());
    expect(text.split('\n')[2]).toBe('configuration: variant=toy tasks=2 store-order=plain search=bfs');
  });

  it("prints what a step's note says under the step, before its changes", () => {
    const lines = renderTextTrace(toyCounterexample()).split('\n');
    const step = lines.findIndex((l) => l.includes('T1: load_counter'));
    expect(lines[step + 1]).toMatch(/\|\s+READ_ONCE\(counter\) = 0$/);
    const plain = { ...toyCounterexample(), model: { ...toyCounterexample().model, actions: toyCounterexample().model.actions.map(({ note: _n, ...a }) => a) } };
    expect(renderTextTrace(plain)).not.toContain('READ_ONCE');
  });

  it('counts context switches as changes of the acting thread', () => {
    const cx = { ...toyCounterexample(), trace: toyTrace(['T0: load_counter', 'T0: store_counter', 'T1: load_counter', 'T1: store_counter']) };
    expect(renderTextTrace(cx)).toContain('4 steps, 1 context switch:');
  });

  it('fits 80 columns with five lanes, without splitting a name that fits its column', () => {
    const base = toyCounterexample();
    const text = renderTextTrace({ ...base, model: { ...base.model, lane: (_s, a) => `CPU${a}` } });
    const lines = text.split('\n');
    expect(lines.find((l) => l.includes('CPU4'))).toBeDefined();
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    expect(text).toContain('store_counter');
  });

  it('keeps narrow widths readable by wrapping inside the columns', () => {
    const text = renderTextTrace(toyCounterexample(), { width: 50 });
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(50);
  });
});

describe('step names', () => {
  it('print the action detail when it names the kernel function, else the function', () => {
    const base = toyCounterexample();
    const renamed = {
      ...base.model,
      actions: base.model.actions.map((a, i) =>
        i === 0 ? { ...a, name: 'T0: load' } : i === 1 ? { ...a, name: 'T0: store_counter(slow)' } : a,
      ),
    };
    const text = renderTextTrace({ ...base, model: renamed });
    expect(text).toContain('T0: load_counter');
    expect(text).toContain('T0: store_counter(slow)');
  });
});
