// Runs a TypeScript worker from the sources (under vitest or tsx): registers tsx's loader in this
// thread, then imports the worker. Built code (dist) starts worker.js directly and never needs this.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
