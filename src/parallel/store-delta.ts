/**
 * Sending the store's buffers to the workers once, not with every message: each SharedArrayBuffer
 * posted costs a few microseconds to receive, and a big store has hundreds of chunks. Every message
 * goes to every worker, so one sender state serves the whole pool.
 */
import type { StoreBuffers } from './shared-store.js';

type Chunked = 'states' | 'fps' | 'parents' | 'acts';
const CHUNKED: readonly Chunked[] = ['states', 'fps', 'parents', 'acts'];
type Whole = 'counters' | 'table' | 'keys' | 'masks' | 'ranks';
const WHOLE: readonly Whole[] = ['counters', 'table', 'keys', 'masks', 'ranks'];

/** What changed since the last message: new chunks (from index `chunksFrom`), replaced buffers, scalars. */
export interface StoreDelta {
  readonly words: number;
  readonly fingerprint: boolean;
  readonly actionBytes: 1 | 2 | 4;
  readonly levelStart: number;
  readonly levelEnd: number;
  readonly chunksFrom: number;
  readonly chunks: Readonly<Record<Chunked, readonly SharedArrayBuffer[]>>;
  readonly replaced: Partial<Readonly<Record<Whole, SharedArrayBuffer>>>;
}

export class StoreSender {
  private sentChunks = 0;
  private readonly sent = new Map<Whole, SharedArrayBuffer>();

  delta(b: StoreBuffers): StoreDelta {
    const from = this.sentChunks;
    const chunks = Object.fromEntries(CHUNKED.map((k) => [k, b[k].slice(from)])) as Record<Chunked, SharedArrayBuffer[]>;
    this.sentChunks = b.parents.length;
    const replaced: Partial<Record<Whole, SharedArrayBuffer>> = {};
    for (const k of WHOLE) {
      if (this.sent.get(k) === b[k]) continue;
      replaced[k] = b[k];
      this.sent.set(k, b[k]);
    }
    return { words: b.words, fingerprint: b.fingerprint, actionBytes: b.actionBytes, levelStart: b.levelStart, levelEnd: b.levelEnd, chunksFrom: from, chunks, replaced };
  }
}

export class StoreReceiver {
  private buffers: StoreBuffers | undefined;

  apply(d: StoreDelta): StoreBuffers {
    const prev = this.buffers;
    const chunk = (k: Chunked): SharedArrayBuffer[] => [...(prev?.[k] ?? []).slice(0, d.chunksFrom), ...d.chunks[k]];
    const whole = (k: Whole): SharedArrayBuffer => {
      const b = d.replaced[k] ?? prev?.[k];
      if (b === undefined) throw new Error(`worker: the store's ${k} buffer was never sent`);
      return b;
    };
    const next: StoreBuffers = {
      words: d.words,
      fingerprint: d.fingerprint,
      actionBytes: d.actionBytes,
      levelStart: d.levelStart,
      levelEnd: d.levelEnd,
      states: chunk('states'),
      fps: chunk('fps'),
      parents: chunk('parents'),
      acts: chunk('acts'),
      counters: whole('counters'),
      table: whole('table'),
      keys: whole('keys'),
      masks: whole('masks'),
      ranks: whole('ranks'),
    };
    this.buffers = next;
    return next;
  }
}
