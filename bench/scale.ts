/**
 * Does a search of more than 50 million states fit in a 4 GiB heap (`npm run bench` runs node with
 * --max-old-space-size=4096)? The synthetic model with 7 counters modulo 13: 13^7 = 62,748,517
 * two-word states. About two minutes; `--only scale` runs it alone.
 */
import { check } from '../src/checker/index.js';
import { syntheticModel } from './synthetic.js';
import { peakRssMiB, type Figures } from './section.js';

export const units = {
  states: 'states',
  seconds: 's',
  statesPerSecond: 'states/s',
  bytesPerState: 'B/state',
  peakRssMiB: 'MiB',
  heapUsedMiB: 'MiB',
};

export async function run(): Promise<Figures> {
  const r = check(syntheticModel(7, 13, 5), [], { deadlock: false });
  if (!r.complete || r.stats.states !== 13 ** 7) throw new Error(`scale: expected 13^7 states, got ${r.stats.states}`);
  return {
    states: r.stats.states,
    seconds: Number(r.stats.elapsedSeconds.toFixed(1)),
    statesPerSecond: Math.round(r.stats.states / r.stats.elapsedSeconds),
    bytesPerState: Number(r.stats.bytesPerState.toFixed(2)),
    peakRssMiB: Math.round(peakRssMiB()),
    heapUsedMiB: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
  };
}
