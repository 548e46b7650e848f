/**
 * `runCheck` on a worker thread of its own, so independent checks (the cells of a matrix) run side by
 * side on a multi-core machine. Same request, same outcome: the model is built here first, so a bad
 * configuration or an unsupported option fails here as it would on this thread, and rebuilt in the
 * worker from its protocol description (closures cannot cross threads). Progress is forwarded, and
 * aborting `signal` stops the worker's check, which then reports what it explored.
 */
import { Worker } from 'node:worker_threads';
import { loadProtocol } from '../protocols/index.js';
import { workerScript } from '../parallel/worker-script.js';
import { refuseUnsupportedForLiveness } from './liveness.js';
import { selectProperties, type RunOutcome, type RunRequest } from './run.js';
import type { FromRunWorker, PortableOutcome, PortableRequest, RunWorkerData, ToRunWorker } from './run-worker-protocol.js';


/** Runs `request` as {@link runCheck} does, on a new worker thread. */
export async function runCheckInWorker(request: RunRequest): Promise<RunOutcome> {
  const { signal, onProgress, ...portable } = request;
  if (portable.options?.reduction !== undefined) throw new Error('runCheckInWorker: a custom reduction is code and cannot cross threads; use runCheck');
  const instance = await loadProtocol(request);
  const props = selectProperties(instance, request.properties);
  const live = props.filter((p) => p.kind === 'liveness').map((p) => p.name);
  if (live.length > 0) refuseUnsupportedForLiveness(request.options, request.workers ?? 1, live);
  const outcome = await inWorker(portable, signal, onProgress);
  const properties = outcome.properties.map((o, i) => ({ ...o, property: props[i]! }));
  return { instance, ...outcome, properties };
}

function inWorker(request: PortableRequest, signal: AbortSignal | undefined, onProgress: RunRequest['onProgress']): Promise<PortableOutcome> {
  const { url, entry } = workerScript(import.meta.url, 'run-worker');
  const data: RunWorkerData = { request, ...(entry === undefined ? {} : { entry }) };
  const worker = new Worker(url, { workerData: data });
  const abort = (): void => worker.postMessage({ kind: 'abort' } satisfies ToRunWorker);
  if (signal?.aborted === true) abort();
  signal?.addEventListener('abort', abort, { once: true });
  return new Promise<PortableOutcome>((resolve, reject) => {
    let settled = false;
    const settle = (f: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', abort);
      f();
    };
    worker.on('message', (m: FromRunWorker) => {
      if (m.kind === 'progress') onProgress?.(m.progress);
      else if (m.kind === 'done') settle(() => resolve(m.outcome));
      else settle(() => reject(new Error(`check worker: ${m.message}`)));
    });
    worker.on('error', (e) => settle(() => reject(e)));
    worker.on('exit', (code) => settle(() => reject(new Error(`check worker exited with code ${code} before its result`))));
  });
}
