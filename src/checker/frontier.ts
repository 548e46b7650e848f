/**
 * The states waiting to be expanded, and the depth bookkeeping that goes with them: the only place
 * where BFS and DFS differ.
 *
 * BFS keeps no queue: it expands in insertion order, so the frontier is the next id to expand over
 * the store's dense ids plus the end of the current level. DFS keeps an explicit stack of
 * (id, depth) pairs and one bit per state whose expansion has started.
 */
import { GrowableU32 } from './growable.js';

export interface Frontier {
  /** Id of the next state to expand, or -1 when none is left; sets {@link depth}. */
  take(): number;
  /** Depth of the state last taken. */
  readonly depth: number;
  /** A state new to the store, at `depth`. */
  add(id: number, depth: number): void;
  /** Whether the expansion of `id` has started (for the cycle proviso of reduction). */
  started(id: number): boolean;
  /** States waiting. */
  readonly queued: number;
  /** The depth progress reports: the current BFS level, or the deepest DFS state seen. */
  reportedDepth(maxDepthSeen: number): number;
  /** Every id below this has been expanded and is never read again (0 when ids are not in order). */
  readonly doneBelow: number;
  bytes(): number;
}

/** Breadth first over dense ids: `size()` is the store's current size. */
export class BfsFrontier implements Frontier {
  private head = 0;
  private levelEnd = 0;
  depth = 0;

  constructor(private readonly size: () => number) {}

  take(): number {
    if (this.head >= this.size()) return -1;
    if (this.head === this.levelEnd) {
      this.depth++;
      this.levelEnd = this.size();
    }
    return this.head++;
  }

  add(id: number, depth: number): void {
    // Initial states make up level 0; later states follow in insertion order.
    if (depth === 0) this.levelEnd = id + 1;
  }

  started(id: number): boolean {
    return id < this.head;
  }

  get queued(): number {
    return this.size() - this.head;
  }

  reportedDepth(): number {
    return this.depth;
  }

  get doneBelow(): number {
    return this.head;
  }

  bytes(): number {
    return 0;
  }
}

/** Depth first with an explicit stack. */
export class DfsFrontier implements Frontier {
  private readonly stack = new GrowableU32();
  private readonly startedBits = new GrowableU32();
  depth = 0;

  take(): number {
    if (this.stack.length === 0) return -1;
    this.depth = this.stack.pop();
    const id = this.stack.pop();
    this.startedBits.setBit(id);
    return id;
  }

  add(id: number, depth: number): void {
    this.stack.push(id);
    this.stack.push(depth);
  }

  started(id: number): boolean {
    return this.startedBits.hasBit(id);
  }

  get queued(): number {
    return this.stack.length >>> 1;
  }

  reportedDepth(maxDepthSeen: number): number {
    return maxDepthSeen;
  }

  get doneBelow(): number {
    return 0;
  }

  bytes(): number {
    return this.stack.bytes() + this.startedBits.bytes();
  }
}
