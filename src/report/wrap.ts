/**
 * Plain-text wrapping for mail: break at spaces; split long identifiers such as
 * `audit_add_rule:set_tsk_thread_flag(T1)` after a `:` or `(`, else a `.`, else a `_`, and cut at the
 * edge only a word that has none of them.
 */

/** Break characters, best first: between a function and its detail, then between name parts. */
const BREAKS: readonly (readonly string[])[] = [[':', '('], ['.'], ['_']];

/**
 * Where to cut `word` to fit `room` columns: after the last character of the best break class that
 * leaves at least `min` characters on this line, or -1 if there is none.
 */
function breakPoint(word: string, room: number, breaks: readonly (readonly string[])[], min: number): number {
  for (const chars of breaks) {
    for (let i = Math.min(room, word.length) - 1; i >= min - 1; i--) {
      if (chars.includes(word[i]!)) return i + 1;
    }
  }
  return -1;
}

/**
 * Splits `text` into lines of at most `width` characters, indenting continuation lines by `hang`.
 * A word that does not fit is split between function and detail (`f:detail`, `f(arg)`) if this line
 * has room for a useful part; otherwise it moves to a fresh line; only a word longer than a whole
 * line is split inside a name, at a `.` before a `_`, and cut at the edge only when it has neither.
 */
export function wrap(text: string, width: number, hang = 0): string[] {
  const lines: string[] = [];
  const pad = ' '.repeat(hang);
  let line = '';
  const lineWidth = (): number => (lines.length === 0 ? width : width - hang);
  const flush = (): void => {
    lines.push(lines.length === 0 ? line : pad + line);
    line = '';
  };
  for (const word of text.split(/ +/).filter((w) => w.length > 0)) {
    let w = word;
    while (w.length > 0) {
      const room = lineWidth() - (line.length === 0 ? 0 : line.length + 1);
      if (w.length <= room) {
        line = line.length === 0 ? w : `${line} ${w}`;
        break;
      }
      const natural = room >= 8 ? breakPoint(w, room, BREAKS.slice(0, 1), Math.ceil(room / 3)) : -1;
      if (natural < 0 && line.length > 0) {
        flush();
        continue;
      }
      const inside = natural > 0 ? natural : breakPoint(w, room, BREAKS, 2);
      const cut = inside > 0 ? inside : Math.max(1, room);
      line = line.length === 0 ? w.slice(0, cut) : `${line} ${w.slice(0, cut)}`;
      w = w.slice(cut);
      flush();
    }
  }
  if (line.length > 0 || lines.length === 0) flush();
  return lines;
}

/** Wraps a list of items joined by spaces, as one paragraph. */
export function wrapItems(items: readonly string[], width: number, indent: string): string[] {
  return wrap(items.join(' '), width - indent.length).map((l) => indent + l);
}
