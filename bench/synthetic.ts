/**
 * The synthetic benchmark: 4 threads, each cycling its own counter through 0..56, packed in 16-bit
 * fields so that states take two 32-bit words (the 64-bit key path). 57^4 = 10,556,001 reachable
 * states and 4 transitions per state, close to the audit model's branching (about 3.5 successors per
 * state at the default bounds); every state is revisited 4 times, so the store's hit path is exercised
 * as much as its insert path. The model uses precomputed shifts and masks, as a tuned model would.
 * `syntheticModel(7, 10, 5)` is the denser variant (10^7 states, 7 per state) kept for comparison.
 */
import { Layout, type StateVector } from '../src/model/layout.js';
import type { Action, Model } from '../src/model/model.js';
import { check } from '../src/checker/index.js';
import { registerProtocol } from '../src/protocols/registry.js';
import { parallelCheck } from '../src/parallel/index.js';
import { runBaseline } from './baseline.js';
import { peakRssMiB, type Figures } from './section.js';

export function syntheticModel(threads = 4, modulo = 57, bits = 16): Model {
  const layout = new Layout(Array.from({ length: threads }, (_, i) => ({ name: `T${i}.count`, bits })));
  const actions: Action[] = layout.fields.map((f, i) => {
    const { word, shift, max } = f;
    const mask = (max << shift) >>> 0;
    return {
      name: `T${i}: count`,
      thread: i,
      footprint: { reads: [f.id], writes: [f.id] },
      enabled: (): boolean => true,
      apply: (s: StateVector, next: Uint32Array): void => {
        const v = (s[word]! >>> shift) & max;
        const n = v + 1 === modulo ? 0 : v + 1;
        next[word] = ((next[word]! & ~mask) | (n << shift)) >>> 0;
      },
    };
  });
  return {
    name: `synthetic-${threads}x${modulo}`,
    layout,
    initialStates: [layout.zero()],
    actions,
    threadNames: actions.map((_, i) => `T${i}`),
  };
}

export const units = {
  states: 'states',
  transitions: 'transitions',
  seconds: 's',
  cpuSeconds: 's',
  transitionsPerState: 'transitions/state',
  statesPerSecond: 'states/s',
  transitionsPerSecond: 'transitions/s',
  baselineInsertsPerSecond: 'inserts/s',
  baselineLookupsPerSecond: 'lookups/s',
  transitionsVsBaseline: 'ratio',
  bytesPerState: 'B/state',
  peakRssMiB: 'MiB',
  words: 'words/state',
  'parallel.statesPerSecond': 'states/s',
  'parallel.speedup': 'x (vs 1 thread, same run)',
  'parallel.bytesPerState': 'B/state',
  'parallel.seconds': 's',
};

/** Worker threads of the parallel figure (this machine has 2 cores). */
const PARALLEL_WORKERS = Number(process.env['BENCH_WORKERS'] ?? 2);

export async function run(): Promise<Figures> {
  const model = syntheticModel();
  const cpu0 = process.cpuUsage();
  const r = check(model, [], { deadlock: false });
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const expected = 57 ** 4;
  if (!r.complete || r.stats.states !== expected) {
    throw new Error(`synthetic: expected ${expected} states, got ${r.stats.states}`);
  }
  const rss = peakRssMiB();
  const base = runBaseline(r.stats.states);
  const parallel = await runParallel(model, r.stats.states / r.stats.elapsedSeconds);
  const { states, transitions, elapsedSeconds, bytesPerState } = r.stats;
  return {
    states,
    transitions,
    words: model.layout.words,
    transitionsPerState: round(transitions / states, 2),
    seconds: round(elapsedSeconds, 2),
    // Other processes on a busy machine show up as cpuSeconds well below seconds.
    cpuSeconds: round(cpuSeconds, 2),
    statesPerSecond: Math.round(states / elapsedSeconds),
    transitionsPerSecond: Math.round(transitions / elapsedSeconds),
    baselineInsertsPerSecond: Math.round(base.insertsPerSecond),
    baselineLookupsPerSecond: Math.round(base.lookupsPerSecond),
    transitionsVsBaseline: round(transitions / elapsedSeconds / base.lookupsPerSecond, 2),
    bytesPerState: round(bytesPerState, 2),
    peakRssMiB: Math.round(rss),
    parallel,
  };
}

/** The same search on worker threads over the shared store; its verdicts and counts must be the same. */
async function runParallel(model: Model, oneThreadStatesPerSecond: number): Promise<Record<string, number>> {
  const config = { threads: 4, modulo: 57, bits: 16 };
  const ref = { protocol: 'synthetic', config, modules: [import.meta.url] };
  const r = await parallelCheck(ref, model, [], { deadlock: false }, PARALLEL_WORKERS);
  if (!r.complete || r.stats.states !== 57 ** 4) throw new Error(`synthetic parallel: expected ${57 ** 4} states, got ${r.stats.states}`);
  const statesPerSecond = r.stats.states / r.stats.elapsedSeconds;
  return {
    workers: PARALLEL_WORKERS,
    statesPerSecond: Math.round(statesPerSecond),
    speedup: round(statesPerSecond / oneThreadStatesPerSecond, 2),
    bytesPerState: round(r.stats.bytesPerState, 2),
    seconds: round(r.stats.elapsedSeconds, 2),
  };
}

function round(x: number, digits: number): number {
  return Number(x.toFixed(digits));
}

/** The synthetic model as a protocol, so worker threads can rebuild it (its config is the three numbers). */
registerProtocol({
  name: 'synthetic',
  build: (config) => {
    const c = config as { threads: number; modulo: number; bits: number };
    return { model: syntheticModel(c.threads, c.modulo, c.bits), invariants: [], knobs: {} };
  },
});
