/**
 * A search worker thread: rebuilds the model from its protocol description (closures cannot cross
 * threads), then expands the BFS levels the coordinator hands it over the shared store.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { linkRange, rankRange } from './bulk.js';
import { bucketRange, fillPartitions } from './rehash.js';
import { levelWorkerFor } from './level-setup.js';
import { SharedStore } from './shared-store.js';
import { StoreReceiver } from './store-delta.js';
import type { FromWorker, ToWorker, WorkerSetup } from './protocol.js';

const port = parentPort!;
const receiver = new StoreReceiver();
const send = (m: FromWorker): void => port.postMessage(m);

levelWorkerFor((workerData as { setup: WorkerSetup }).setup).then(
  ({ worker, model }) => {
    port.on('message', (m: ToWorker) => {
      if (m.kind === 'exit') return port.close();
      try {
        const buffers = receiver.apply(m.store);
        if (m.kind === 'phase') {
          const done = worker.runPhase(m, buffers);
          return send({ kind: 'phase-done', ...done, underApproximations: model.underApproximations?.() ?? [] });
        }
        const v = new SharedStore(buffers);
        if (m.kind === 'bucket') return send({ kind: 'buckets', buckets: bucketRange(v, m.lo, m.hi) });
        if (m.kind === 'fill') return send({ kind: 'bulk-done', spilled: fillPartitions(v, m.buckets, m.plo, m.phi) });
        linkRange(v, new Int32Array(m.parentIds), m.lo, m.hi);
        rankRange(new Int32Array(m.order), new Int32Array(m.ranks), m.jlo, m.jhi);
        send({ kind: 'bulk-done' });
      } catch (e) {
        send({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
      }
    });
    send({ kind: 'ready' });
  },
  (e: unknown) => send({ kind: 'error', message: e instanceof Error ? e.message : String(e) }),
);
