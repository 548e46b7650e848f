/**
 * One fast-check seed for the whole run, so CI is reproducible. Override with FC_SEED=<int> to explore;
 * every property suite prints the seed in its title, so a failure names the seed that reproduces it.
 */
import fc from 'fast-check';

export const FC_SEED: number = process.env['FC_SEED'] === undefined ? 20140204 : Number(process.env['FC_SEED']);
if (!Number.isSafeInteger(FC_SEED)) throw new Error(`FC_SEED must be an integer, got ${process.env['FC_SEED']}`);

fc.configureGlobal({ seed: FC_SEED, numRuns: 100 });
