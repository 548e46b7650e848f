/**
 * What a protocol variant changes relative to the shared base of steps (./base.ts). Each file under
 * ./variants/ fills this in and reads like the patch it models; details the sources leave open are knobs.
 */
import type { VariantName } from './config.js';

export interface VariantSpec {
  readonly name: VariantName;
  /**
   * The hook the slow-path entry runs: `__audit_syscall_entry` (BUG_ON(in_syscall || name_count),
   * dummy = !audit_n_rules) or `__audit_start_record` (no BUG, sets TIF_SYSCALL_AUDIT).
   */
  readonly entryHook: '__audit_syscall_entry' | '__audit_start_record';
  /** File holding the flag checks at syscall entry and exit. */
  readonly entrySource: string;
  /** Labels of the entry and exit flag checks, e.g. `system_call` / `sysret_check`. */
  readonly entryCheck: string;
  readonly exitCheck: string;
  /** What audit_alloc writes into the child's flag when it allocates a context. */
  readonly auditAllocFlag: 'set' | 'from-n_rules';
  /** Whether audit_add_rule walks the tasks setting TIF_SYSCALL_AUDIT. */
  readonly addRuleWalks: boolean;
  /** Whether audit_del_rule walks the tasks clearing TIF_SYSCALL_AUDIT when n_rules reaches 0. */
  readonly delRuleWalks: boolean;
  /** Whether __audit_syscall_exit ends by clearing the flag when n_rules == 0 (X5). */
  readonly exitClearsFlag: boolean;
  /** Whether audit_log_start (an AVC) first calls __audit_start_record. */
  readonly recordStartsRecord: boolean;
}
