/**
 * Plain-text wrapping for mail: break at spaces, hard-break only words longer than the width.
 */

/** Splits `text` into lines of at most `width` characters, indenting continuation lines by `hang`. */
export function wrap(text: string, width: number, hang = 0): string[] {
  const lines: string[] = [];
  const pad = ' '.repeat(hang);
  let line = '';
  const limit = (): number => (lines.length === 0 ? width : width - hang);
  const flush = (): void => {
    lines.push(lines.length === 0 ? line : pad + line);
    line = '';
  };
  for (const word of text.split(/ +/).filter((w) => w.length > 0)) {
    let w = word;
    while (w.length > 0) {
      const room = limit() - (line.length === 0 ? 0 : line.length + 1);
      if (w.length <= room) {
        line = line.length === 0 ? w : `${line} ${w}`;
        w = '';
      } else if (line.length > 0) {
        flush();
      } else {
        // A word wider than the column: cut after its last '.' or '_' that fits, else at the edge.
        const fit = Math.max(1, room);
        const at = Math.max(w.lastIndexOf('.', fit - 1), w.lastIndexOf('_', fit - 1));
        line = w.slice(0, at >= fit / 2 ? at + 1 : fit);
        w = w.slice(line.length);
        flush();
      }
    }
  }
  if (line.length > 0 || lines.length === 0) flush();
  return lines;
}

/** Wraps a list of items joined by two spaces, as one paragraph. */
export function wrapItems(items: readonly string[], width: number, indent: string): string[] {
  return wrap(items.join(' '), width - indent.length).map((l) => indent + l);
}
