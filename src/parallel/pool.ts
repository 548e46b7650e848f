/**
 * Worker threads for a parallel search. From the sources (vitest, tsx) a worker starts through a small
 * .mjs that registers tsx's loader; from dist it is plain JavaScript.
 */
import { Worker } from 'node:worker_threads';
import type { FromWorker, ToWorker, WorkerSetup } from './protocol.js';
import { workerScript } from './worker-script.js';


export class WorkerPool {
  private readonly workers: Worker[] = [];
  private failure: Error | undefined;
  /** Settles when every worker has built its model (or one failed to). */
  readonly ready: Promise<void>;
  /** Whether {@link ready} has resolved. */
  isReady = false;
  /** Why a worker did not start, once known. */
  startFailure: Error | undefined;

  /** Starts `n` workers without waiting for them. */
  constructor(n: number, setup: WorkerSetup) {
    const { url, entry } = workerScript(import.meta.url, 'worker');
    const ready: Promise<void>[] = [];
    for (let i = 0; i < n; i++) {
      const w = new Worker(url, { workerData: { setup, ...(entry === undefined ? {} : { entry }) } });
      this.workers.push(w);
      ready.push(this.next(w).then((m) => {
        if (m.kind !== 'ready') throw new Error(`worker did not start: ${m.kind === 'error' ? m.message : m.kind}`);
      }));
    }
    this.ready = Promise.all(ready).then(() => {
      this.isReady = true;
    });
    // A search that ends before the workers are up closes them unused; else it fails with them.
    this.ready.catch((e: unknown) => {
      this.startFailure = e instanceof Error ? e : new Error(String(e));
    });
  }

  /** The next message from `w`, or its failure. */
  private next(w: Worker): Promise<FromWorker> {
    return new Promise((resolve, reject) => {
      const onMessage = (m: FromWorker): void => {
        cleanup();
        if (m.kind === 'error') reject(new Error(`worker: ${m.message}`));
        else resolve(m);
      };
      const onError = (e: Error): void => {
        cleanup();
        this.failure = e;
        reject(e);
      };
      const onExit = (code: number): void => {
        cleanup();
        reject(this.failure ?? new Error(`worker exited with code ${code}`));
      };
      const cleanup = (): void => {
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
      };
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
    });
  }

  /** Sends `m` to every worker and waits for every answer. */
  async broadcast(m: ToWorker): Promise<FromWorker[]> {
    const answers = this.workers.map((w) => this.next(w));
    for (const w of this.workers) w.postMessage(m);
    return Promise.all(answers);
  }

  /** Sends worker k the message `make(k, n)` and waits for every answer. */
  async each(make: (k: number, n: number) => ToWorker): Promise<FromWorker[]> {
    const answers = this.workers.map((w) => this.next(w));
    this.workers.forEach((w, k) => w.postMessage(make(k, this.workers.length)));
    return Promise.all(answers);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
