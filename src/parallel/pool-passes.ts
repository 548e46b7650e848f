/**
 * What the coordinator asks of the worker pool: a phase of a level, and the bulk passes split across
 * the workers (a table growth's rehash, settling a level's records). The store's buffers go along
 * as deltas (store-delta.ts); every message goes to every worker, so one sender serves them all.
 * The pool starts on demand: a search that stays small never starts it. The coordinator is one of
 * the search's threads: the pool has one worker fewer, and the coordinator takes the last share of
 * every bulk pass (and expands parents in every phase, see coordinator.ts).
 */
import type { Arena, Rehash } from './arena.js';
import { BULK_MIN, linkRange, rankRange, rehashRange, shareOf } from './bulk.js';
import { WorkerPool } from './pool.js';
import type { FromWorker, PhaseWork, WorkerSetup } from './protocol.js';
import { bucketRange, fillPartitions, insertPairs, PART_SHIFT, partitionsOf, ROUND_IDS } from './rehash.js';
import { StoreSender } from './store-delta.js';

/** `a`'s buffer when it is shared memory (the whole of it), else a copy in shared memory, for the workers. */
function shared(a: Int32Array): SharedArrayBuffer {
  if (a.buffer instanceof SharedArrayBuffer && a.byteOffset === 0) return a.buffer;
  const out = new SharedArrayBuffer(a.byteLength);
  new Int32Array(out).set(a);
  return out;
}

export class PoolPasses {
  private readonly sender = new StoreSender();
  private started: WorkerPool | undefined;

  /** `threads`: the coordinator and `threads - 1` workers. */
  constructor(
    private readonly setup: WorkerSetup,
    private readonly arena: Arena,
    private readonly threads: number,
  ) {}

  /** Starts the workers (they load modules and build their models) unless they are started. */
  start(): WorkerPool | undefined {
    if (this.threads < 2) return undefined;
    return (this.started ??= new WorkerPool(this.threads - 1, this.setup));
  }

  /** Until the workers are up; rejects when one failed to start. */
  async whenReady(): Promise<void> {
    await this.start()?.ready;
  }

  /** Whether the workers are up; throws when one failed to start. */
  get ready(): boolean {
    if (this.started?.startFailure !== undefined) throw this.started.startFailure;
    return this.started?.isReady === true;
  }

  private get pool(): WorkerPool {
    if (this.started === undefined) throw new Error('parallel search: the workers were not started');
    return this.started;
  }

  close(): Promise<void> {
    return this.started?.close() ?? Promise.resolve();
  }

  /** One phase on every worker; the answers in worker order. */
  phase(work: PhaseWork): Promise<FromWorker[]> {
    return this.pool.broadcast({ kind: 'phase', store: this.sender.delta(this.arena.buffers), ...work });
  }

  /** The rehash of a table growth: on the workers once they are up (see rehash.ts), else none. */
  rehash(): Rehash | undefined {
    if (!this.ready) return undefined;
    return async (n) => {
      const v = this.arena.view;
      const T = this.threads;
      const mine = T - 1;
      if (partitionsOf(v, T) === 0) return rehashRange(v, 0, n);
      const parts = v.tableSize >>> PART_SHIFT;
      // In rounds, so that the buckets never hold more than a few MiB per thread.
      for (let from = 0; from < n; from += ROUND_IDS * T) {
        const to = Math.min(n, from + ROUND_IDS * T);
        const ids = (k: number): [number, number] => {
          const [lo, hi] = shareOf(to - from, k, T);
          return [from + lo, from + hi];
        };
        const store = this.sender.delta(this.arena.buffers);
        const sorting = this.pool.each((k) => {
          const [lo, hi] = ids(k);
          return { kind: 'bucket', store, lo, hi };
        });
        const own = bucketRange(v, ...ids(mine));
        const buckets = [...(await sorting).flatMap((a) => (a.kind === 'buckets' ? [a.buckets] : [])), own];
        const fill = { kind: 'fill', store: this.sender.delta(this.arena.buffers), buckets } as const;
        const filling = this.pool.each((k) => {
          const [plo, phi] = shareOf(parts, k, T);
          return { ...fill, plo, phi };
        });
        const spilled = fillPartitions(v, buckets, ...shareOf(parts, mine, T));
        for (const a of await filling) if (a.kind === 'bulk-done') insertPairs(v, a.spilled ?? []);
        insertPairs(v, spilled);
      }
    };
  }

  /**
   * Settles the `records` records of the level just found: parents and actions (`ids`: the expanded
   * level's ids by rank), and `ranks[order[j]] = j` for the `placed` states the search kept.
   */
  async settle(ids: Int32Array, order: Int32Array, records: number, placed: number, ranks: SharedArrayBuffer): Promise<void> {
    const v = this.arena.view;
    if (records < BULK_MIN || !this.ready) {
      linkRange(v, ids, 0, records);
      rankRange(order, new Int32Array(ranks), 0, placed);
      return;
    }
    const store = this.sender.delta(this.arena.buffers);
    const parentIds = shared(ids);
    const sorted = shared(order);
    const T = this.threads;
    const linking = this.pool.each((k) => {
      const [lo, hi] = shareOf(records, k, T);
      const [jlo, jhi] = shareOf(placed, k, T);
      return { kind: 'link', store, parentIds, order: sorted, ranks, lo, hi, jlo, jhi };
    });
    linkRange(v, ids, ...shareOf(records, T - 1, T));
    rankRange(order, new Int32Array(ranks), ...shareOf(placed, T - 1, T));
    await linking;
  }
}
