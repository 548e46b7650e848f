/**
 * The order of the task list as auditctl's walk sees it. The kernel keeps tasks on init_task.tasks in
 * the order they were created (copy_process: list_add_tail_rcu), so the order among the tasks alive
 * at start is whatever it was: any order is possible, and it never changes afterwards. Children are
 * at the tail in slot order, and the forkers (T0..) keep their slots, as in every variant before.
 *
 * The interchangeable tasks (fields.ts interchangeableSlots) do not have a slot on the list: each has
 * `list_pos`, 0 until a walk first reaches it, then 1 + its position. The first walk to reach a
 * position left free places there any interchangeable task not yet placed (one step per candidate).
 * That is the kernel's fixed order, chosen when it is first observed: nothing before the first walk
 * can tell two orders apart, and once placed a task keeps its position for every later walk. When
 * auditctl has no rule operation left the order can be observed no more and is forgotten (0 again),
 * as every dead field is. So the tasks stay interchangeable: permuting their records (list_pos with
 * them) maps runs onto runs, which is what symmetry reduction needs (src/model/audit/symmetry.ts).
 */
import { READ_ONCE, and, eq, field, if_, lt, ne, not, num, or, plus, set, type Expr, type Op } from '../../kernel/program.js';
import { knob, type Env } from '../env.js';
import type { TaskFields } from '../fields.js';

const rcuWalk = (env: Env): boolean => knob(env, 'walk-lock') === 'rcu';

const interchangeable = (env: Env): TaskFields[] => env.fields.tasks.filter((t) => t.listPos !== undefined);

/** List positions interchangeable tasks take: their slots' range. */
function groupPositions(env: Env): number[] {
  return interchangeable(env).map((t) => t.index);
}

/** No interchangeable task is placed at the position `pos` (an expression). */
function nobodyAt(env: Env, pos: Expr): Expr {
  return and(...interchangeable(env).map((u) => ne(field(u.listPos!.id), plus(pos, 1))));
}

/** Whether the walk's cursor is at `t`: its slot, its position, or a free position it may take. */
export function atCursor(env: Env, t: TaskFields): Expr {
  const walk = field(env.fields.adminWalk.id);
  if (t.listPos === undefined) return eq(walk, t.index);
  const ps = groupPositions(env);
  const lp = field(t.listPos.id);
  const free = and(eq(lp, 0), not(lt(walk, ps[0]!)), lt(walk, ps[ps.length - 1]! + 1), nobodyAt(env, walk));
  return or(eq(plus(walk, 1), lp), free);
}

/** Visiting `t` places it at the cursor if it has no position yet. */
export function placeOnList(env: Env, t: TaskFields): Op[] {
  if (t.listPos === undefined) return [];
  return [if_(eq(field(t.listPos.id), 0), [set(t.listPos.id, plus(field(env.fields.adminWalk.id), 1))])];
}

/** The order is dead once no walk can follow. */
export function forgetOrder(env: Env): Op[] {
  return interchangeable(env).map((t) => set(t.listPos!.id, 0));
}

/** After a visit: on from the cursor's position to the next (listed, under tasklist_lock) one, or `end`. */
export function afterVisit(env: Env, end: Op[]): Op[] {
  const walk = field(env.fields.adminWalk.id);
  const n = env.fields.tasks.length;
  // One branch per position; the last one is the else of the others.
  const ps = Array.from({ length: n }, (_x, p) => p);
  return ps.reduceRight<Op[] | undefined>(
    (rest, p) => (rest === undefined ? nextFrom(env, p, end) : [if_(eq(walk, p), nextFrom(env, p, end), rest)]),
    undefined,
  )!;
}

function nextFrom(env: Env, p: number, end: Op[]): Op[] {
  const { adminWalk, tasks } = env.fields;
  if (rcuWalk(env)) return p + 1 < tasks.length ? [set(adminWalk.id, p + 1)] : end;
  const later = Array.from({ length: tasks.length - p - 1 }, (_x, k) => p + 1 + k);
  return later.reduceRight<Op[]>((rest, q) => [if_(listedAt(env, q), [set(adminWalk.id, q)], rest)], end);
}

/**
 * READ_ONCE(on_tasklist) of the task at position `q`, loading only that task's flag. A position no
 * interchangeable task holds yet belongs to one that has not been placed: alive at start, so listed.
 */
function listedAt(env: Env, q: number): Expr {
  const fixed = env.fields.tasks[q]!;
  if (fixed.listPos === undefined) return READ_ONCE(fixed.onTasklist.id);
  const group = interchangeable(env);
  return or(...group.map((u) => and(eq(field(u.listPos!.id), q + 1), READ_ONCE(u.onTasklist.id))), nobodyAt(env, num(q)));
}
