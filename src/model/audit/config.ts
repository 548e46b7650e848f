/**
 * What a user chooses: a variant of the protocol, the bounds of the configuration, the knobs, and the
 * memory model. The CLI and the library both speak this; `buildAuditModel` (./index.ts) turns it into
 * a Model. It is plain data (serialisable), so a worker can build the same model from it.
 */
import type { MemoryModelName } from '../kernel/memory.js';

/** A built-in variant's name, or one a variant file registered. */
export type VariantName = string;

/** A count the run is bounded by, or `unbounded`: the actor loops forever (the graph has cycles). */
export type Bound = number | 'unbounded';

export const UNBOUNDED = 'unbounded';

export interface Bounds {
  /** User tasks alive at start (T0, T1, ...); the fork adds children beyond these. */
  readonly tasks: number;
  readonly cpus: number;
  /** copy_process calls in the whole run. */
  readonly forks: number;
  /** audit_add_rule / audit_del_rule calls by the administrator in the whole run. */
  readonly ruleOps: Bound;
  /** Syscalls each task alive at start makes. */
  readonly syscalls: Bound;
  /** Syscalls each forked child makes after ret_from_fork (its fresh context's first syscalls). */
  readonly childSyscalls: Bound;
  /**
   * Most rules loaded at once: audit_add_rule is possible only below it. Absent: 1 + ruleOps (no
   * limit) for bounded rule operations, {@link DEFAULT_MAX_RULES} for unbounded ones.
   */
  readonly maxRules?: number;
}

/** Rules at most, by default, when auditctl changes rules forever: enough for an add that does not walk. */
export const DEFAULT_MAX_RULES = 2;

/** The most rules `bounds` lets exist at once (one is loaded at start). */
export function maxRulesOf(bounds: Bounds): number {
  if (bounds.maxRules !== undefined) return bounds.maxRules;
  return bounds.ruleOps === UNBOUNDED ? DEFAULT_MAX_RULES : 1 + bounds.ruleOps;
}

/** `b` when finite, else `unbounded` replaced by `instead`. */
export function finite(b: Bound, instead: number): number {
  return b === UNBOUNDED ? instead : b;
}

export const DEFAULT_BOUNDS: Bounds = { tasks: 2, cpus: 2, forks: 1, ruleOps: 2, syscalls: 2, childSyscalls: 1 };

export interface VariantInfo {
  readonly name: VariantName;
  /** One line: what kernel or patch this is. */
  readonly summary: string;
  /** The variant it patches. */
  readonly base?: string;
}

export interface KnobInfo {
  /** Kebab-case; the CLI flag is `--<name>`. */
  readonly name: string;
  readonly values: readonly string[];
  /** One line in kernel terms. */
  readonly meaning: string;
  /** Default per built-in variant; a variant absent here does not have this knob (setting it is an error). */
  readonly defaults: Readonly<Record<VariantName, string>>;
}

export interface AuditConfig {
  readonly variant: VariantName;
  readonly bounds: Bounds;
  /** Knob name → value; unset knobs take the variant's default. */
  readonly knobs: Readonly<Record<string, string>>;
  /** Default `sc`. */
  readonly memoryModel?: MemoryModelName;
  /** Store-buffer entries per CPU under a weak memory model (default 2). */
  readonly storeBuffer?: number;
  /** Ablation sites (`audit-check barriers`), by id: barriers taken out, locks whose ordering is taken away. */
  readonly withoutBarriers?: readonly string[];
}

/** Bad bounds, an unknown variant or knob, or a knob that does not apply. The message is one line. */
export class AuditConfigError extends Error {
  override readonly name = 'AuditConfigError';
}
