/**
 * Events of a candidate execution, as herd7 builds them for linux-kernel.def: reads (R), writes
 * (W) and fences (F), with the LKMM tags of linux-kernel.bell and lock.cat.
 */
import type { Value } from './ast.js';
import type { FenceTag } from './primitives.js';

/** The access tag: `noreturn` is the read of a non-value-returning atomic. */
export type AccessTag = 'once' | 'acquire' | 'release' | 'noreturn';
/** lock.cat's lock events; LF is the read of a spin_trylock that failed. */
export type LockTag = 'LKR' | 'LKW' | 'UL' | 'LF';

/** One event of one thread's path, before the threads are put together. */
export interface LocalEvent {
  readonly kind: 'R' | 'W' | 'F';
  readonly loc?: string;
  readonly value?: Value;
  readonly tag?: AccessTag;
  readonly fence?: FenceTag;
  readonly lock?: LockTag;
  /** Local index of the write that completes this read's RMW (atomics and lock acquires). */
  readonly rmwWith?: number;
  /** Part of an atomic RMW instruction: the set [RMW] of the .cat file (lock events excluded). */
  readonly atomic?: boolean;
  /** Local indices of the reads this event depends on. */
  readonly addr: readonly number[];
  readonly data: readonly number[];
  readonly ctrl: readonly number[];
  /** The source text of the instruction, for witnesses. */
  readonly text: string;
  /** The comment after the statement in the source (the kernel function, in exported tests). */
  readonly note?: string;
  /** The call node it came from, whose source position the parser recorded. */
  readonly source?: object;
}

/** An event of a candidate execution; thread -1 holds the initial writes. */
export interface Event extends LocalEvent {
  readonly id: number;
  readonly thread: number;
  /** Position in the thread's program order. */
  readonly index: number;
}

export function describe(e: Event): string {
  const who = e.thread < 0 ? 'init' : `P${e.thread}`;
  if (e.kind === 'F') return `${who}: F[${e.fence}] ${e.text}`;
  const tag = e.lock ?? e.tag ?? 'once';
  return `${who}: ${e.kind}[${tag}] ${e.loc}=${String(e.value)}  ${e.text}`;
}
