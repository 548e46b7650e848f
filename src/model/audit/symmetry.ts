/**
 * The audit model's symmetry: the interchangeable tasks (alive at start, never forking) can be
 * renamed among themselves without changing anything the kernel can tell apart. A permutation moves
 * whole task records (every `Tn.*` field and the task's ghost, including its list position and the
 * CPU it holds); nothing outside a record names a group task by slot:
 *  - auditctl's walk cursor is a list position and each walk step visits the task whose `list_pos`
 *    it names (steps/admin.ts);
 *  - forkers and children are outside the group, so `parent`/`child` never name a group task;
 *  - CPU numbers are values in the records, and the scheduler picks the lowest idle CPU whoever asks;
 *  - the invariants and the valid-end test quantify over all tasks;
 *  - under a weak memory model store-buffer entries name locations of one task (src/model/kernel/
 *    buffer.ts), which a record permutation would have to rewrite: no symmetry is offered there.
 * The representative of an orbit has the group's records sorted.
 */
import type { Field, FieldId, Layout, StateVector } from '../layout.js';
import type { Action, ActionId, Symmetry } from '../model.js';
import type { TaskFields } from './fields.js';

/** A task's record: its fields in layout order (`T2.pc`, ..., `ghost.T2.…`, `T2.list_pos`). */
function recordOf(layout: Layout, label: string, fixed: ReadonlySet<FieldId>): Field[] {
  return layout.fields.filter((f) => !fixed.has(f.id) && (f.name.startsWith(`${label}.`) || f.name.startsWith(`ghost.${label}.`)));
}

/** `T2.pc` → `.pc`, `ghost.T2.exit…` → `ghost..exit…`: what must line up between two records. */
const shape = (label: string, f: Field): string => `${f.name.replace(label, '')}:${f.bits}`;

/**
 * The symmetry over `group` (at least two tasks), whose records must have the same shape. `fixed`
 * fields stay with their slot: constants of the slot that no step reads but as `!= 0` (the CPU each
 * actor owns when every actor has one), which would otherwise keep every record apart.
 */
export function taskSymmetry(layout: Layout, group: readonly TaskFields[], actions: readonly Action[], fixed: readonly FieldId[] = []): Symmetry {
  const stay = new Set(fixed);
  const records = group.map((t) => recordOf(layout, t.label, stay));
  const first = records[0]!.map((f) => shape(group[0]!.label, f)).join(' ');
  records.forEach((r, i) => {
    if (r.map((f) => shape(group[i]!.label, f)).join(' ') !== first) throw new Error(`audit symmetry: ${group[i]!.label}'s record differs from ${group[0]!.label}'s`);
  });
  const g = group.length;
  const k = records[0]!.length;
  const word = Int32Array.from(records.flat(), (f) => f.word);
  const shift = Int32Array.from(records.flat(), (f) => f.shift);
  const mask = Uint32Array.from(records.flat(), (f) => f.max);
  const vals = new Uint32Array(g * k);
  const order = new Int32Array(g);
  /** Row a before row b, lexicographically by field. */
  const less = (a: number, b: number): boolean => {
    for (let j = 0; j < k; j++) {
      const x = vals[a * k + j]!;
      const y = vals[b * k + j]!;
      if (x !== y) return x < y;
    }
    return false;
  };
  const labels = group.map((t) => t.label);
  return {
    description: `tasks ${labels.join(', ')}`,
    actionOrbit: actionOrbits(actions, labels),
    canonicalize(s: StateVector, out: Uint32Array): void {
      for (let i = 0; i < g * k; i++) vals[i] = (s[word[i]!]! >>> shift[i]!) & mask[i]!;
      // Insertion sort of at most a handful of rows.
      for (let i = 0; i < g; i++) {
        let j = i;
        while (j > 0 && less(i, order[j - 1]!)) {
          order[j] = order[j - 1]!;
          j--;
        }
        order[j] = i;
      }
      if (out !== s) out.set(s);
      for (let i = 0; i < g; i++) {
        const from = order[i]! * k;
        for (let j = 0; j < k; j++) {
          const at = i * k + j;
          const w = word[at]!;
          out[w] = ((out[w]! & ~(mask[at]! << shift[at]!)) | (vals[from + j]! << shift[at]!)) >>> 0;
        }
      }
    },
  };
}

/**
 * Per action, the lowest id of an action whose name is the same up to renaming the group's tasks
 * (`T3: schedule -> T1` and `T1: schedule -> T2` are twins; `T1: schedule -> T0` is not their twin).
 */
function actionOrbits(actions: readonly Action[], labels: readonly string[]): ActionId[] {
  const inGroup = new Set(labels);
  const key = (name: string): string => {
    const seen: string[] = [];
    return name.replace(/\bT\d+\b/g, (l) => {
      if (!inGroup.has(l)) return l;
      if (!seen.includes(l)) seen.push(l);
      return `#${seen.indexOf(l)}`;
    });
  };
  const firstOf = new Map<string, ActionId>();
  return actions.map((a, id) => {
    const k = key(a.name);
    if (!firstOf.has(k)) firstOf.set(k, id);
    return firstOf.get(k)!;
  });
}
