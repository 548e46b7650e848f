/**
 * The bounds the audit sections measure beyond the defaults. One more task, with children making no
 * syscalls: with the default child syscall, v2.1's full search at 3 tasks passes 35 million states
 * in 90 s, which would take the bench from a quarter of an hour to hours (measured here).
 */
import { DEFAULT_BOUNDS, type Bounds } from '../src/model/audit/index.js';

export const PLUS_ONE_TASK: Bounds = { ...DEFAULT_BOUNDS, tasks: DEFAULT_BOUNDS.tasks + 1, childSyscalls: 0 };
