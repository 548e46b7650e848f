/**
 * "Did you mean": the nearest of a list of names by edit distance, for unknown commands, options
 * and values. Small and exact: the lists are a few dozen names.
 */

/** Levenshtein distance between `a` and `b` (insertions, deletions, substitutions, each 1). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The name in `names` nearest to `given`, if it is near enough to be a likely typo: at most a third
 * of the longer name's length (at least 1, at most 3 edits), or `given` is a prefix of it.
 */
export function nearest(given: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of names) {
    const d = name.startsWith(given) && given.length >= 3 ? 0.5 : editDistance(given.toLowerCase(), name.toLowerCase());
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.min(3, Math.max(1, Math.floor(Math.max(given.length, best.length) / 3)));
  return bestDistance <= limit ? best : undefined;
}

/** ` (did you mean X?)` or ''. */
export function didYouMean(given: string, names: readonly string[], render: (n: string) => string = (n) => n): string {
  const n = nearest(given, names);
  return n === undefined ? '' : ` (did you mean ${render(n)}?)`;
}
