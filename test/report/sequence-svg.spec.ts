/**
 * The sequence-chart SVG, by structure rather than pixels: it is well-formed XML, has one lifeline
 * per lane and per shared variable, every step in its lane, the violation highlighted, and no text
 * outside the view box (so nothing is clipped, the title included).
 */
import { describe, expect, it } from 'vitest';
import { renderSequenceSvg } from '../../src/report/sequence-svg.js';
import { toyCounterexample } from '../fixtures/toy-model.js';
import { svgProblems } from './svg-structure.js';

describe('renderSequenceSvg', () => {
  const svg = renderSequenceSvg(toyCounterexample());

  it('is well-formed and keeps every text inside its view box', () => {
    expect(svgProblems(svg)).toEqual([]);
  });

  it('draws one lifeline per lane and per shared variable, in that order', () => {
    const lifelines = [...svg.matchAll(/<g class="lifeline" data-kind="(\w+)" data-name="([^"]+)">/g)].map((m) => `${m[1]}:${m[2]}`);
    // counter is touched by T0 and T1; admin.flag by the admin alone, so it stays in its box.
    expect(lifelines).toEqual(['lane:CPU0', 'lane:CPU1', 'variable:counter']);
  });

  it('puts every step in its lane, with writes and reads of shared variables as arrows', () => {
    const steps = [...svg.matchAll(/<g class="step" data-step="(\d+)" data-lane="([^"]+)">/g)].map((m) => `${m[1]}@${m[2]}`);
    expect(steps).toEqual(['1@CPU0', '2@CPU1', '3@CPU1', '4@CPU1', '5@CPU0']);
    expect(svg).toMatch(/<g class="read" data-field="counter">.*counter == 0/);
    // T1's store changes counter (0 -> 1); T0's stores the same 1, which the chart cannot tell from no write.
    expect(svg.match(/<g class="write" data-field="counter">/g)).toHaveLength(1);
    expect(svg).toContain('READ_ONCE(counter) = 0');
    expect(svg).toContain('admin.flag 0-&gt;1');
  });

  it('names the violation and the whole configuration', () => {
    expect(svg).toMatch(/<g class="violation">.*VIOLATES counter-exact/);
    expect(svg).toContain('configuration: variant=toy tasks=2 store-order=plain search=bfs');
  });
});
