/**
 * Builds what expands a level from a protocol description, as every search thread does: the worker
 * threads (closures cannot cross threads) and the coordinator, which expands levels itself while
 * the workers start and when a level is too small to be worth waking them.
 */
import '../protocols/index.js';
import { loadProtocol } from '../protocols/registry.js';
import { fullExpansion } from '../checker/expand.js';
import { stubbornSets } from '../checker/por/stubborn.js';
import { symmetryFor } from '../checker/symmetry.js';
import type { Model } from '../model/model.js';
import { LevelWorker } from './level.js';
import type { WorkerSetup } from './protocol.js';

/**
 * A fresh model (its own count of where it cut behaviour short) and its level expander. `where`
 * names the thread in errors.
 */
export async function levelWorkerFor(setup: WorkerSetup, where = 'worker'): Promise<{ worker: LevelWorker; model: Model }> {
  const { model, invariants: all } = await loadProtocol(setup.ref);
  const invariants = setup.invariants.map((n) => {
    const inv = all.find((i) => i.name === n);
    if (inv === undefined) throw new Error(`${where}: ${model.name} has no invariant ${n}`);
    return inv;
  });
  const expander = setup.por ? stubbornSets(model, invariants) : fullExpansion();
  const validEnd = setup.deadlock && model.isValidEnd !== undefined ? model.isValidEnd.bind(model) : undefined;
  const symmetry = symmetryFor(model, { symmetry: setup.symmetry, por: setup.por });
  return { worker: new LevelWorker(model, invariants, setup.invariantIndex, validEnd, expander, setup.maxDepth, symmetry), model };
}
