import { describe, expect, it } from 'vitest';
import { escapeDot, LANE_COLOURS, renderDotTrace } from '../../src/report/dot-trace.js';
import { toyCounterexample } from '../fixtures/toy-model.js';

describe('renderDotTrace (TLC conventions)', () => {
  const dot = renderDotTrace(toyCounterexample());

  it('draws rounded boxes with the initial state filled', () => {
    expect(dot).toContain('node [shape=box, style=rounded');
    expect(dot).toMatch(/s0 \[style="rounded,filled"/);
  });

  it('shows only the changed fields in later states, and marks the violating one', () => {
    expect(dot).toContain('s4 [label="counter=1\\lT1.pc=2\\l"]');
    expect(dot).toMatch(/s5 \[label="T0.pc=2\\lVIOLATES counter-exact\\l".*peripheries=2/);
  });

  it('labels edges with lane, thread and kernel function, coloured per lane', () => {
    expect(dot).toContain(`s1 -> s2 [label="2. CPU1 / T1\\lload_counter\\l", color="${LANE_COLOURS[1]}"`);
    expect(dot).toContain(`s0 -> s1 [label="1. CPU0 / T0\\lload_counter\\l", color="${LANE_COLOURS[0]}"`);
  });

  it('escapes backslashes, quotes and newlines', () => {
    expect(escapeDot('a\\b "c"\nd')).toBe('a\\\\b \\"c\\"\\nd');
  });
});
