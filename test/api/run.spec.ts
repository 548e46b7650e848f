import { describe, expect, it } from 'vitest';
import { runCheck, UnknownPropertyError, type Progress } from '../../src/index.js';
import { DEFAULT_BOUNDS } from '../../src/model/audit/config.js';

const config = { variant: 'proposed', bounds: DEFAULT_BOUNDS, knobs: {} };

describe('runCheck, the library entry point', () => {
  it('returns verdicts in the order asked, with polished, replayed counterexamples joined', async () => {
    const out = await runCheck({ protocol: 'audit', config, properties: ['rule-coverage', 'no-entry-bug'], options: { por: true } });
    expect(out.properties.map((p) => [p.property.name, p.verdict])).toEqual([
      ['rule-coverage', 'violated'],
      ['no-entry-bug', 'holds'],
    ]);
    const cx = out.properties[0]!;
    expect(cx.trace?.steps.length).toBe(11);
    expect(cx.minimal).toBe(true);
    expect(cx.contextSwitches).toBe(4);
    expect(out.properties[1]!.trace).toBeUndefined();
  });

  it('an aborted signal stops the search: incomplete, stopped interrupted', async () => {
    const ac = new AbortController();
    ac.abort();
    const out = await runCheck({ protocol: 'audit', config, properties: ['no-entry-bug'], signal: ac.signal });
    expect(out.result.stopped).toBe('interrupted');
    expect(out.properties[0]!.verdict).toBe('incomplete');
  });

  it('calls the progress callback on long searches', async () => {
    const seen: Progress[] = [];
    await runCheck({
      protocol: 'audit',
      config: { ...config, variant: 'v2.1' },
      properties: ['deadlock'],
      options: { por: false, progressIntervalMs: 0 },
      onProgress: (p) => seen.push(p),
    });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.at(-1)!.states).toBeGreaterThan(0);
  });

  it('rejects unknown properties and protocols by name', async () => {
    await expect(runCheck({ protocol: 'audit', config, properties: ['no-such'] })).rejects.toThrow(UnknownPropertyError);
    await expect(runCheck({ protocol: 'nope', config })).rejects.toThrow(/no protocol nope/);
  });
});
