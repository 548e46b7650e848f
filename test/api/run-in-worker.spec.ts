/**
 * runCheckInWorker is runCheck on a thread of its own: the same verdicts, counts and traces (safety
 * and liveness), the same errors thrown before any thread starts, and Ctrl-C reaching the worker.
 */
import { describe, expect, it } from 'vitest';
import { runCheck, UnknownPropertyError, UnsupportedLivenessOptionError, type RunOutcome, type RunRequest } from '../../src/index.js';
import { runCheckInWorker } from '../../src/api/run-in-worker.js';
import { AuditConfigError, DEFAULT_BOUNDS, UNBOUNDED } from '../../src/model/audit/config.js';

const small = { ...DEFAULT_BOUNDS, syscalls: 1, ruleOps: 1 };
const audit = (variant: string, bounds: object, properties?: string[]): RunRequest => ({
  protocol: 'audit',
  config: { variant, bounds, knobs: {} },
  ...(properties === undefined ? {} : { properties }),
});

/** What must not differ between the threads: every verdict, its trace's steps, and the counts. */
const summary = (o: RunOutcome) => ({
  states: o.result.stats.states,
  transitions: o.result.stats.transitions,
  liveness: o.liveness?.stats.states,
  properties: o.properties.map((p) => ({
    name: p.property.name,
    verdict: p.verdict,
    steps: p.trace?.steps.map((s) => s.action),
    loopStart: p.trace?.loopStart,
    case: p.case,
    assumption: p.assumption,
  })),
});

describe('runCheckInWorker', () => {
  it('gives runCheck’s outcome for a safety search, traces included', { timeout: 60_000 }, async () => {
    const request = audit('v2.1', small);
    const here = await runCheck(request);
    const there = await runCheckInWorker(request);
    expect(summary(there)).toEqual(summary(here));
    expect(here.properties.some((p) => p.verdict === 'violated')).toBe(true);
    // The instance is rebuilt here: its model replays the worker's trace.
    expect(there.instance.model.name).toBe(here.instance.model.name);
  });

  it('gives runCheck’s outcome for a liveness check: the same lasso, case and fairness', { timeout: 60_000 }, async () => {
    const request = audit('legacy', { ...DEFAULT_BOUNDS, syscalls: UNBOUNDED, ruleOps: 1 }, ['fast-path-restored', 'exit-pairing']);
    const here = await runCheck(request);
    const there = await runCheckInWorker(request);
    expect(summary(there)).toEqual(summary(here));
    expect(there.properties[0]!.trace?.loopStart).toBeDefined();
  });

  it('throws here, before a thread starts, what runCheck throws', async () => {
    await expect(runCheckInWorker(audit('no-such-variant', small))).rejects.toThrow(AuditConfigError);
    await expect(runCheckInWorker(audit('legacy', small, ['nope']))).rejects.toThrow(UnknownPropertyError);
    const live = { ...audit('legacy', { ...DEFAULT_BOUNDS, syscalls: UNBOUNDED }, ['fast-path-restored']), options: { por: true } };
    await expect(runCheckInWorker(live)).rejects.toThrow(UnsupportedLivenessOptionError);
  });

  it('an aborted signal stops the worker’s search: incomplete, interrupted', { timeout: 60_000 }, async () => {
    const ac = new AbortController();
    ac.abort();
    const out = await runCheckInWorker({ ...audit('v2.1', DEFAULT_BOUNDS), signal: ac.signal });
    expect(out.result.stopped).toBe('interrupted');
    expect(out.properties.every((p) => p.verdict !== 'holds')).toBe(true);
  });

  it('forwards progress', { timeout: 60_000 }, async () => {
    const seen: number[] = [];
    await runCheckInWorker({ ...audit('v2.1', DEFAULT_BOUNDS), options: { progressIntervalMs: 1 }, onProgress: (p) => seen.push(p.states) });
    expect(seen.length).toBeGreaterThan(0);
  });
});
