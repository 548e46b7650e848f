/**
 * Random models as a protocol, so worker threads can rebuild them: the configuration is the model's
 * spec and its invariants' specs, plain data that crosses threads.
 */
import type { Invariant } from '../src/invariants/invariant.js';
import type { Model } from '../src/model/model.js';
import { registerProtocol } from '../src/protocols/registry.js';
import { buildInvariants, buildModel } from './random-model.js';

export const RANDOM_PROTOCOL = 'random-model';
/** The module workers load to find the protocol. */
export const RANDOM_MODULE = import.meta.url;

/**
 * Registers a test protocol whose configuration is `{ spec, invariants }`: a model's spec and its
 * invariants' specs, built the same way on every thread.
 */
export function registerSpecProtocol<S, I, M extends Model>(
  name: string,
  model: (spec: S) => M,
  invariants: (m: M, specs: readonly I[]) => readonly Invariant[],
): void {
  registerProtocol({
    name,
    build: (config) => {
      const c = config as { readonly spec: S; readonly invariants: readonly I[] };
      const m = model(c.spec);
      return { model: m, invariants: invariants(m, c.invariants), knobs: {} };
    },
  });
}

registerSpecProtocol(RANDOM_PROTOCOL, buildModel, buildInvariants);
