/**
 * A sharded search's filter on the BFS frontier: down to the split depth every shard expands every
 * state; at the split depth a state is expanded only by the shard its hash falls to. The split depth
 * is decided at the first state of each level, from that level's size, the same way in every shard
 * (their searches are identical down to it), unless it is given.
 */
import { SEED_B, hashWords } from './hash.js';
import { GrowableU32 } from './growable.js';
import { SHARD_MIN_LEVEL, type ShardOptions, type ShardStats } from './types.js';

export class ShardFilter {
  private splitDepth: number | undefined;
  private level = -1;
  private prefixStates = 0;
  private readonly skippedBits = new GrowableU32();
  private skipped = 0;

  constructor(private readonly shard: ShardOptions) {
    this.splitDepth = shard.depth;
  }

  /**
   * Whether the state `id` (its words in `state`) at `depth` is another shard's. `queued` is the
   * frontier's size after taking it; `stored` the store's size.
   */
  leftToOthers(id: number, depth: number, state: Uint32Array, queued: number, stored: number): boolean {
    if (depth !== this.level) {
      this.level = depth;
      if (this.splitDepth === undefined && queued + 1 >= SHARD_MIN_LEVEL * this.shard.count) this.splitDepth = depth;
      // At a level's first state the store holds exactly the states down to that level.
      if (depth === this.splitDepth) this.prefixStates = stored;
    }
    if (depth !== this.splitDepth) return false;
    if ((hashWords(state, 0, state.length, SEED_B) >>> 0) % this.shard.count === this.shard.index) return false;
    this.skippedBits.setBit(id);
    this.skipped++;
    return true;
  }

  /** A state left to another shard is as open as a queued one: it is expanded, elsewhere. */
  isLeft(id: number): boolean {
    return this.skippedBits.hasBit(id);
  }

  stats(stored: number, sample: readonly number[]): ShardStats {
    // Never split: every shard searched all of it, so all of it is shared.
    const split = this.splitDepth !== undefined && this.level >= this.splitDepth;
    return { ...(split ? { splitDepth: this.splitDepth! } : {}), prefixStates: split ? this.prefixStates : stored, skipped: this.skipped, sample };
  }
}
