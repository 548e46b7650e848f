/**
 * The smallest repair of `proposed` found to make every invariant hold at the default bounds. The steps
 * are those of `proposed`; only two knob defaults differ (see ../knobs.ts and docs/model.md):
 *  - fork-read = late: copy_process reads audit_n_rules for the child *after* attaching it, inside the
 *    write_lock_irq(&tasklist_lock) section, so a concurrent audit_add_rule either sees the child on the
 *    list or has already incremented n_rules when the child reads it;
 *  - exit-clear = recheck: __audit_syscall_exit does clear_thread_flag(); smp_mb(); if (audit_n_rules)
 *    set_thread_flag(), so a rule added between the read and the clear cannot be lost (store buffering
 *    against inc_n_rules's n_rules++; smp_mb(); walk).
 */
import type { VariantSpec } from '../variant.js';
import { proposed } from './proposed.js';

export const proposedFixed: VariantSpec = { ...proposed, name: 'proposed-fixed' };
