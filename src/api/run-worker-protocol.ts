/** Messages between {@link runCheckInWorker} and its worker thread (all structured-clonable). */
import type { LivenessResult } from '../checker/liveness/index.js';
import type { CheckResult, Progress } from '../checker/types.js';
import type { PropertyOutcome, RunRequest } from './run.js';

/** The request without what cannot cross threads (the signal and the callback are the caller's). */
export type PortableRequest = Omit<RunRequest, 'signal' | 'onProgress'>;

export interface RunWorkerData {
  readonly request: PortableRequest;
  /** Where the worker's code is, when it starts from the sources through the tsx bootstrap. */
  readonly entry?: string;
}

export type ToRunWorker = { readonly kind: 'abort' };

/** A RunOutcome without the instance, and each property by its position in the request's order. */
export interface PortableOutcome {
  readonly result: CheckResult;
  readonly liveness?: LivenessResult;
  readonly properties: readonly Omit<PropertyOutcome, 'property'>[];
  readonly underApproximations: readonly string[];
}

export type FromRunWorker =
  | { readonly kind: 'progress'; readonly progress: Progress }
  | { readonly kind: 'done'; readonly outcome: PortableOutcome }
  | { readonly kind: 'error'; readonly message: string };
