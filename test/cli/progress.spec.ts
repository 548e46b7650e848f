import { describe, expect, it } from 'vitest';
import type { Progress } from '../../src/checker/types.js';
import { ProgressReporter } from '../../src/cli/progress.js';

/** A stand-in for process.stderr that records what is written. */
function stream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const s = { isTTY, columns: 60, text: '', write(chunk: string) { s.text += chunk; return true; } };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

const at = (elapsedSeconds: number): Progress => ({
  states: 1000 * elapsedSeconds,
  transitions: 3000 * elapsedSeconds,
  depth: 7,
  queued: 10,
  statesPerSecond: 1000,
  elapsedSeconds,
  memoryBytes: 2 * 1024 * 1024,
});

describe('progress on stderr', () => {
  it('says nothing for the first second, nor ever with --quiet', () => {
    const s = stream(false);
    new ProgressReporter(s, false).callback('legacy')(at(0.9));
    const quiet = stream(true);
    const q = new ProgressReporter(quiet, true).callback('legacy');
    for (const t of [1, 2, 10]) q(at(t));
    expect(s.text + quiet.text).toBe('');
  });

  it('logs a line after a second and then one every 5 seconds when not on a terminal', () => {
    const s = stream(false);
    const cb = new ProgressReporter(s, false).callback('v2.1');
    for (let t = 1; t <= 12; t++) cb(at(t));
    const lines = s.text.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('v2.1: 1.0 s  1,000 states  1,000/s  depth 7  queue 10  2 MiB');
    expect(lines[2]).toContain('11.0 s');
  });

  it('rewrites one line in place on a terminal, cut to its width, and clears it when done', () => {
    const s = stream(true);
    const r = new ProgressReporter(s, false);
    const cb = r.callback('proposed-fixed');
    cb(at(1));
    cb(at(2));
    r.done();
    expect(s.text.split('\r\x1b[K')).toHaveLength(4);
    expect(s.text).not.toContain('\n');
    for (const part of s.text.split('\r\x1b[K')) expect(part.length).toBeLessThan(60);
  });

  it('estimates the time left when a limit bounds the search', () => {
    const s = stream(false);
    new ProgressReporter(s, false, { maxSeconds: 10, maxStates: 100_000 }).callback('v2.1')(at(2));
    // 8 s to --max-seconds; 98,000 states at 1,000/s is later.
    expect(s.text).toBe('v2.1: 2.0 s  2,000 states  limit in ~8 s  1,000/s  depth 7  queue 10  2 MiB\n');
    const t = stream(false);
    new ProgressReporter(t, false, { maxStates: 5000 }).callback('v2.1')(at(2));
    expect(t.text).toContain('limit in ~3 s');
  });

  it('keeps the elapsed time when the terminal is narrow, dropping memory, queue and rate first', () => {
    const s = stream(true);
    (s as { columns: number }).columns = 40;
    const cb = new ProgressReporter(s, false).callback('proposed-fixed/pending-implies-flag');
    cb(at(2));
    const line = s.text.split('\r\x1b[K')[1]!;
    expect(line).toBe('...ed-fixed/pending-implies-flag: 2.0 s');
    expect(line.length).toBeLessThanOrEqual(39);
    const wide = stream(true);
    (wide as { columns: number }).columns = 60;
    new ProgressReporter(wide, false).callback('proposed-fixed')(at(2));
    expect(wide.text).toContain('proposed-fixed: 2.0 s  2,000 states  1,000/s  depth 7');
    expect(wide.text).not.toContain('MiB');
  });

  it('shows every search running (--jobs) side by side on the one terminal line, and drops one when it is done', () => {
    const s = stream(true);
    const r = new ProgressReporter(s, false);
    const a = r.callback('legacy@sc');
    const b = r.callback('v2.1@sc');
    a(at(2));
    b(at(3));
    const both = s.text.split('\r\x1b[K').at(-1)!;
    // Without the shared line the second search's report would overwrite the first's.
    expect(both).toMatch(/^legacy@sc: 2\.0 s.* \| v2\.1@sc: 3\.0 s/);
    expect(both.length).toBeLessThan(60);
    r.done('legacy@sc');
    b(at(4));
    expect(s.text.split('\r\x1b[K').at(-1)).toMatch(/^v2\.1@sc: 4\.0 s  4,000 states/);
  });
});
