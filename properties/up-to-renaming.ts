/**
 * A state decoded by field name, keyed up to renaming the interchangeable tasks: their records
 * (every `Tn.*` and `ghost.Tn.*` field) sorted, `list_pos` left out. Two states get the same key
 * exactly when one is the other with the tasks renamed and the list order forgotten; used to compare
 * the packed model, whose list order among those tasks is chosen by the first walk (steps/task-list.ts),
 * with a reference that keeps them in slot order.
 */
export function keyUpToRenaming(fields: ReadonlyMap<string, number>, group: readonly string[], fixed: readonly string[] = []): string {
  const records = new Map<string, string[]>(group.map((l) => [l, []]));
  const rest: string[] = [];
  for (const [name, v] of fields) {
    const label = group.find((l) => name.startsWith(`${l}.`) || name.startsWith(`ghost.${l}.`));
    const suffix = label === undefined ? '' : name.replace(label, '#');
    if (label === undefined || fixed.some((f) => suffix.endsWith(f))) rest.push(`${name}=${v}`);
    else if (!suffix.endsWith('.list_pos')) records.get(label)!.push(`${suffix}=${v}`);
  }
  const recs = [...records.values()].map((r) => r.sort().join(' ')).sort();
  return `${rest.sort().join(' ')} | ${recs.join(' | ')}`;
}
