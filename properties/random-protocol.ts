/**
 * Random models as a protocol, so worker threads can rebuild them: the configuration is the model's
 * spec and its invariants' specs, plain data that crosses threads.
 */
import { registerProtocol } from '../src/protocols/registry.js';
import { buildInvariants, buildModel, type InvariantSpec, type RandomModelSpec } from './random-model.js';

export interface RandomConfig {
  readonly spec: RandomModelSpec;
  readonly invariants: readonly InvariantSpec[];
}

export const RANDOM_PROTOCOL = 'random-model';
/** The module workers load to find the protocol. */
export const RANDOM_MODULE = import.meta.url;

registerProtocol({
  name: RANDOM_PROTOCOL,
  build: (config) => {
    const c = config as RandomConfig;
    const model = buildModel(c.spec);
    return { model, invariants: buildInvariants(model, c.invariants), knobs: {} };
  },
});
