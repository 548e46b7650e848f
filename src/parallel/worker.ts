/**
 * A search worker thread: rebuilds the model from its protocol description (closures cannot cross
 * threads), then expands the BFS levels the coordinator hands it over the shared store.
 */
import { parentPort, workerData } from 'node:worker_threads';
import '../protocols/index.js';
import { loadProtocol } from '../protocols/registry.js';
import { fullExpansion } from '../checker/expand.js';
import { stubbornSets } from '../checker/por/stubborn.js';
import { symmetryFor } from '../checker/symmetry.js';
import type { Model } from '../model/model.js';
import { LevelWorker } from './level.js';
import { linkRange, rankRange, rehashRange } from './bulk.js';
import { SharedStore } from './shared-store.js';
import { StoreReceiver } from './store-delta.js';
import type { FromWorker, ToWorker, WorkerSetup } from './protocol.js';

async function start(setup: WorkerSetup): Promise<{ worker: LevelWorker; model: Model }> {
  const { model, invariants: all } = await loadProtocol(setup.ref);
  const invariants = setup.invariants.map((n) => {
    const inv = all.find((i) => i.name === n);
    if (inv === undefined) throw new Error(`worker: ${model.name} has no invariant ${n}`);
    return inv;
  });
  const expander = setup.por ? stubbornSets(model, invariants) : fullExpansion();
  const validEnd = setup.deadlock && model.isValidEnd !== undefined ? model.isValidEnd.bind(model) : undefined;
  const symmetry = symmetryFor(model, { symmetry: setup.symmetry, por: setup.por });
  return { worker: new LevelWorker(model, invariants, setup.invariantIndex, validEnd, expander, setup.maxDepth, symmetry), model };
}

const port = parentPort!;
const receiver = new StoreReceiver();
const send = (m: FromWorker): void => port.postMessage(m);

start((workerData as { setup: WorkerSetup }).setup).then(
  ({ worker, model }) => {
    port.on('message', (m: ToWorker) => {
      if (m.kind === 'exit') return port.close();
      try {
        const buffers = receiver.apply(m.store);
        if (m.kind === 'phase') {
          const unfinished = worker.runPhase(m, buffers);
          return send({ kind: 'phase-done', unfinished, underApproximations: model.underApproximations?.() ?? [] });
        }
        const v = new SharedStore(buffers);
        if (m.kind === 'rehash') rehashRange(v, m.lo, m.hi);
        else {
          linkRange(v, new Int32Array(m.parentIds), m.lo, m.hi);
          rankRange(new Int32Array(m.order), new Int32Array(m.ranks), m.jlo, m.jhi);
        }
        send({ kind: 'bulk-done' });
      } catch (e) {
        send({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
      }
    });
    send({ kind: 'ready' });
  },
  (e: unknown) => send({ kind: 'error', message: e instanceof Error ? e.message : String(e) }),
);
