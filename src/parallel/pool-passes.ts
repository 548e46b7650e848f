/**
 * What the coordinator asks of the worker pool: a phase of a level, and the bulk passes split across
 * the workers (a table growth's rehash, settling a level's records). The store's buffers go along
 * as deltas (store-delta.ts); every message goes to every worker, so one sender serves them all.
 * The pool starts on demand: a search that stays small never starts it.
 */
import type { Arena, Rehash } from './arena.js';
import { BULK_MIN, linkRange, rankRange, rehashRange, shareOf } from './bulk.js';
import { WorkerPool } from './pool.js';
import type { FromWorker, PhaseWork, WorkerSetup } from './protocol.js';
import { insertPairs, PART_SHIFT, partitionsOf, ROUND_IDS } from './rehash.js';
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

  constructor(
    private readonly setup: WorkerSetup,
    private readonly arena: Arena,
    private readonly workers: number,
  ) {}

  /** Starts the workers (they load modules and build their models) unless they are started. */
  start(): WorkerPool {
    return (this.started ??= new WorkerPool(this.workers, this.setup));
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
      if (partitionsOf(v, this.workers) === 0) return rehashRange(v, 0, n);
      const parts = v.tableSize >>> PART_SHIFT;
      // In rounds, so that the buckets never hold more than a few MiB per worker.
      for (let from = 0; from < n; from += ROUND_IDS * this.workers) {
        const to = Math.min(n, from + ROUND_IDS * this.workers);
        const store = this.sender.delta(this.arena.buffers);
        const sorted = await this.pool.each((k, w) => {
          const [lo, hi] = shareOf(to - from, k, w);
          return { kind: 'bucket', store, lo: from + lo, hi: from + hi };
        });
        const buckets = sorted.flatMap((a) => (a.kind === 'buckets' ? [a.buckets] : []));
        const filled = await this.pool.each((k, w) => {
          const [plo, phi] = shareOf(parts, k, w);
          return { kind: 'fill', store: this.sender.delta(this.arena.buffers), buckets, plo, phi };
        });
        for (const a of filled) if (a.kind === 'bulk-done') insertPairs(v, a.spilled ?? []);
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
    await this.pool.each((k, n) => {
      const [lo, hi] = shareOf(records, k, n);
      const [jlo, jhi] = shareOf(placed, k, n);
      return { kind: 'link', store, parentIds, order: sorted, ranks, lo, hi, jlo, jhi };
    });
  }
}
