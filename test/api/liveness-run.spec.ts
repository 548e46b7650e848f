import { describe, expect, it } from 'vitest';
import { registerProtocol, runCheck, UnsupportedLivenessOptionError, UnknownPropertyError } from '../../src/index.js';
import { fieldIs, liveness, spinner } from '../../src/checker/liveness/liveness-models.fixture.js';
import type { Invariant } from '../../src/invariants/invariant.js';

const model = spinner();
const waiting = { label: 'T1', infinitelyOften: [fieldIs(model, 'done', 0)] };
const xSmall: Invariant = { name: 'x-small', summary: 'x <= 1', reads: [], holds: () => true };
registerProtocol({
  name: 'toy-spinner',
  build: () => ({
    model,
    invariants: [xSmall],
    knobs: {},
    liveness: [liveness('t1-goes', [waiting], [0, 1]), liveness('t1-goes-unfair', [waiting], [])],
  }),
});
const base = { protocol: 'toy-spinner', config: {} };

describe('runCheck with liveness properties', () => {
  it('returns liveness verdicts in the asked order with the safety ones, saying what fairness they assume', async () => {
    const out = await runCheck({ ...base, properties: ['t1-goes-unfair', 'x-small', 't1-goes'] });
    expect(out.properties.map((p) => [p.property.name, p.verdict])).toEqual([
      ['t1-goes-unfair', 'violated'],
      ['x-small', 'holds'],
      ['t1-goes', 'holds'],
    ]);
    const cx = out.properties[0]!;
    expect(cx.trace?.loopStart).toBeDefined();
    expect(cx.case).toBe('T1');
    expect(cx.assumption).toBe('no fairness assumed');
    expect(out.properties[2]!.assumption).toBe('weak fairness for T0, T1');
    expect(out.liveness?.complete).toBe(true);
  });

  it('only liveness asked: the result is the liveness check’s', async () => {
    const out = await runCheck({ ...base, properties: ['t1-goes'] });
    expect(out.result.properties.map((p) => p.name)).toEqual(['t1-goes']);
    expect(out.result.stats.states).toBe(4);
  });

  it('the default is the safety properties only, as before', async () => {
    const out = await runCheck(base);
    expect(out.properties.map((p) => p.property.name)).toEqual(['x-small', 'deadlock']);
  });

  it('refuses options the liveness check does not support, in one line', async () => {
    for (const [extra, what] of [
      [{ options: { por: true } }, /partial-order reduction/],
      [{ options: { fingerprint: true } }, /fingerprint/],
      [{ workers: 2 }, /2 workers/],
      [{ options: { shard: { index: 0, count: 2 } } }, /sharded/],
      [{ options: { symmetry: true } as object }, /symmetry/],
    ] as const) {
      const run = runCheck({ ...base, ...extra, properties: ['t1-goes'] });
      await expect(run).rejects.toThrow(UnsupportedLivenessOptionError);
      await expect(runCheck({ ...base, ...extra, properties: ['t1-goes'] })).rejects.toThrow(what);
    }
    // Safety alone still takes them.
    await expect(runCheck({ ...base, options: { por: true }, properties: ['x-small'] })).resolves.toBeDefined();
  });

  it('an aborted signal stops the liveness check too: incomplete, interrupted', async () => {
    const ac = new AbortController();
    ac.abort();
    const out = await runCheck({ ...base, properties: ['x-small', 't1-goes-unfair'], signal: ac.signal });
    expect(out.liveness?.stopped).toBe('interrupted');
    expect(out.properties.map((p) => p.verdict)).toEqual(['incomplete', 'incomplete']);
  });

  it('an unknown name lists the liveness properties too', async () => {
    await expect(runCheck({ ...base, properties: ['nope'] })).rejects.toThrow(UnknownPropertyError);
    await expect(runCheck({ ...base, properties: ['nope'] })).rejects.toThrow(/t1-goes-unfair/);
  });
});
