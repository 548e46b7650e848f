/**
 * Progress on stderr, only for searches that run longer than a second: one line rewritten in place on
 * a terminal, a fresh line every few seconds otherwise (CI logs), nothing with --quiet.
 */
import type { Progress } from '../checker/types.js';
import { formatProgress, type ProgressLimits } from '../report/progress-line.js';

const QUIET_FOR_SECONDS = 1;
const LOG_EVERY_SECONDS = 5;
/** Between the searches sharing the terminal's line. */
const SEPARATOR = ' | ';

export class ProgressReporter {
  readonly #stream: NodeJS.WriteStream;
  readonly #enabled: boolean;
  readonly #tty: boolean;
  /** Per search running: elapsed seconds of its last logged line (non-terminal output). */
  readonly #lastLog = new Map<string, number>();
  /** Per search running (`--jobs` runs several): its last report, for the terminal's one line. */
  readonly #latest = new Map<string, Progress>();
  #drawn = false;

  readonly #limits: ProgressLimits;

  constructor(stream: NodeJS.WriteStream, quiet: boolean, limits: ProgressLimits = {}) {
    this.#stream = stream;
    this.#limits = limits;
    this.#enabled = !quiet;
    this.#tty = stream.isTTY === true;
  }

  /** The engine's progress callback for the search called `what`. */
  callback(what: string): (p: Progress) => void {
    return (p) => this.#update(what, p);
  }

  #update(what: string, p: Progress): void {
    if (!this.#enabled || p.elapsedSeconds < QUIET_FOR_SECONDS) return;
    if (this.#tty) {
      this.#latest.set(what, p);
      this.#draw();
    } else if (p.elapsedSeconds - (this.#lastLog.get(what) ?? Number.NEGATIVE_INFINITY) >= LOG_EVERY_SECONDS) {
      this.#lastLog.set(what, p.elapsedSeconds);
      this.#stream.write(`${formatProgress(what, p, 80, this.#limits)}\n`);
    }
  }

  /** The terminal's line: every search running, side by side, each in an equal share of the width. */
  #draw(): void {
    const width = (this.#stream.columns ?? 80) - 1;
    const n = this.#latest.size;
    const share = Math.floor((width - SEPARATOR.length * (n - 1)) / n);
    const parts = [...this.#latest].map(([what, p]) => formatProgress(what, p, share, this.#limits).slice(0, share));
    this.#stream.write(`\r\x1b[K${parts.join(SEPARATOR).slice(0, width)}`);
    this.#drawn = true;
  }

  /**
   * Clears the in-place line before other output (a search still running draws it again on its next
   * report), and forgets the log clock of `what`, the search that ended.
   */
  done(what?: string): void {
    if (this.#drawn) this.#stream.write('\r\x1b[K');
    this.#drawn = false;
    if (what === undefined) {
      this.#lastLog.clear();
      this.#latest.clear();
    } else {
      this.#lastLog.delete(what);
      this.#latest.delete(what);
    }
  }
}
