/**
 * A worker thread that runs one whole check (`runCheck`) for {@link runCheckInWorker}: it rebuilds the
 * model from the request's protocol description, forwards progress, stops when told to, and sends
 * back the outcome without the parts that hold closures (the instance, the properties' code).
 */
import { parentPort, workerData } from 'node:worker_threads';
import '../protocols/index.js';
import { runCheck } from './run.js';
import type { FromRunWorker, RunWorkerData, ToRunWorker } from './run-worker-protocol.js';

const port = parentPort!;
const send = (m: FromRunWorker): void => port.postMessage(m);
const stop = new AbortController();
port.on('message', (m: ToRunWorker) => {
  if (m.kind === 'abort') stop.abort();
});

const { request } = workerData as RunWorkerData;
runCheck({ ...request, signal: stop.signal, onProgress: (progress) => send({ kind: 'progress', progress }) }).then(
  (outcome) => {
    const { result, liveness, underApproximations } = outcome;
    const properties = outcome.properties.map(({ property: _code, ...rest }) => rest);
    send({ kind: 'done', outcome: { result, ...(liveness === undefined ? {} : { liveness }), properties, underApproximations } });
    port.close();
  },
  (e: unknown) => {
    send({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
    port.close();
  },
);
