/**
 * Protocols by name. A protocol turns a plain, structured-clonable configuration into a model and its
 * invariants, so the same description can be sent to a worker thread or a shard process and the model
 * rebuilt there (closures cannot be sent). Each protocol registers itself when its module is loaded;
 * `modules` of a {@link ProtocolRef} names the modules a fresh thread must load first.
 */
import type { Invariant } from '../invariants/invariant.js';
import type { LivenessProperty } from '../checker/property.js';
import type { Model } from '../model/model.js';

/** A configured protocol, ready to search. */
export interface ProtocolInstance {
  readonly model: Model;
  /** Every invariant the protocol defines for this model, in check order. */
  readonly invariants: readonly Invariant[];
  /** Liveness properties under weak fairness, checked when asked for by name. */
  readonly liveness?: readonly LivenessProperty[];
  /** Every setting of the configuration with its resolved value (for reports). */
  readonly knobs: Readonly<Record<string, string>>;
  /** Fields reports leave out (bookkeeping such as program counters). */
  readonly hidden?: (field: string) => boolean;
}

/**
 * A configuration a protocol does not accept, in one line: callers (the CLI) show it as bad usage.
 * A protocol may throw its own class instead (the audit model's AuditConfigError predates this);
 * its command line then says which (src/cli/protocol-cli.ts).
 */
export class ConfigError extends Error {
  override readonly name: string = 'ConfigError';
}

export interface Protocol {
  readonly name: string;
  /** Throws a one-line error (e.g. a {@link ConfigError}) for a configuration it does not accept. */
  build(config: unknown): ProtocolInstance;
}

/** What a thread needs to rebuild a model: the protocol's name, its configuration and where it lives. */
export interface ProtocolRef {
  readonly protocol: string;
  readonly config: unknown;
  /** Module URLs that register the protocol, for protocols outside src/protocols. */
  readonly modules?: readonly string[];
}

const protocols = new Map<string, Protocol>();

export function registerProtocol(p: Protocol): void {
  protocols.set(p.name, p);
}

export class UnknownProtocolError extends Error {
  override readonly name = 'UnknownProtocolError';
}

export function protocolNamed(name: string): Protocol {
  const p = protocols.get(name);
  if (p === undefined) throw new UnknownProtocolError(`no protocol ${name} (have ${[...protocols.keys()].join(', ')})`);
  return p;
}

/** Loads `ref.modules` (each registers its protocols) and builds the configured protocol. */
export async function loadProtocol(ref: ProtocolRef): Promise<ProtocolInstance> {
  for (const m of ref.modules ?? []) await import(m);
  return protocolNamed(ref.protocol).build(ref.config);
}
