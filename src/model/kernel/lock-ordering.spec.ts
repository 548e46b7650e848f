/**
 * Lock ablation on litmus-shaped toys: taking one lock site's ordering away (it still excludes) makes
 * an outcome its ordering forbade reachable, under each weak model, and changes nothing where
 * lockOrderingMatters says the lock orders nothing (every lock under sc; an acquisition under
 * store-reordering).
 */
import { describe, expect, it } from 'vitest';
import type { StateVector } from '../layout.js';
import { ablationSites } from './ablation.js';
import { buildLitmus, explore, type LitmusShape, type Names } from './litmus.fixture.js';
import { MEMORY_MODELS, lockOrderingMatters, type MemoryModelName } from './memory.js';
import { READ_ONCE, WRITE_ONCE, peek, set, spin_lock, spin_unlock, type Op } from './program.js';

type Instr = (n: Names) => Op[];
type Outcome = (get: (name: string) => number) => boolean;

function finals(shape: LitmusShape, model: MemoryModelName, remove: readonly string[] = []): StateVector[] {
  return buildLitmus(shape, model, 2, remove).finals();
}

function allowed(shape: LitmusShape, outcome: Outcome, model: MemoryModelName, remove: readonly string[] = []): boolean {
  const run = buildLitmus(shape, model, 2, remove);
  return run.finals().some((s) => outcome((name) => run.sys.read(s, run.sys.layout.field(name))));
}

/**
 * Message passing through an unlock/lock pair: P0 stores x inside its critical section; P1 takes the
 * lock after P0's unlock (it records P0's progress, a ghost peek) and reads x. Bad: P1 came after
 * P0's critical section and still read x == 0.
 */
const MP_LOCK: LitmusShape = {
  locs: ['x'], locks: { l: 'spinlock' }, regs: [[], ['r0', 'after']],
  threads: [
    [(n) => [spin_lock(n.loc('l'))], (n) => [WRITE_ONCE(n.loc('x'), 1)], (n) => [spin_unlock(n.loc('l'))]],
    [
      (n) => [spin_lock(n.loc('l')), set(n.reg(1, 'after'), peek(n.reg(0, 'pc')))],
      (n) => [set(n.reg(1, 'r0'), READ_ONCE(n.loc('x')))],
      (n) => [spin_unlock(n.loc('l'))],
    ] satisfies Instr[],
  ],
};
const MP_BAD: Outcome = (g) => g('P1.after') === 3 && g('P1.r0') === 0;

/** Store buffering, each side's load after taking a lock of its own: on x86 the locked acquire is a full fence. */
const SB_LOCK: LitmusShape = {
  locs: ['x', 'y'], locks: { a: 'spinlock', b: 'spinlock' }, regs: [['r0'], ['r0']],
  threads: [
    [(n) => [WRITE_ONCE(n.loc('x'), 1)], (n) => [spin_lock(n.loc('a'))], (n) => [set(n.reg(0, 'r0'), READ_ONCE(n.loc('y')))]],
    [(n) => [WRITE_ONCE(n.loc('y'), 1)], (n) => [spin_lock(n.loc('b'))], (n) => [set(n.reg(1, 'r0'), READ_ONCE(n.loc('x')))]],
  ],
};
const SB_BAD: Outcome = (g) => g('P0.r0') === 0 && g('P1.r0') === 0;

const siteIds = (shape: LitmusShape): string[] => {
  const run = buildLitmus(shape, 'sc');
  // The fixture's steps are not kept; rebuild their ops as the fixture does to list the sites.
  const steps = shape.threads.flatMap((prog, t) => prog.map((instr, i) => ({
    name: `P${t}: ${i}`, func: `P${t}`, file: 'litmus', thread: t, when: { k: 'const', v: 1 } as const, body: instr(run.names),
  })));
  return ablationSites(steps, (f) => run.sys.name(f)).map((s) => s.id);
};

describe('taking a lock site\'s ordering away', () => {
  it('names lock sites in kernel spelling, per function', () => {
    expect(siteIds(MP_LOCK)).toEqual(['spin_lock(&l) in P0', 'spin_unlock(&l) in P0', 'spin_lock(&l) in P1', 'spin_unlock(&l) in P1']);
  });

  it('MP through unlock/lock: forbidden with the release, allowed without it under each weak model, never under sc', () => {
    const unlock = ['spin_unlock(&l) in P0'];
    expect(MEMORY_MODELS.map((m) => allowed(MP_LOCK, MP_BAD, m))).toEqual([false, false, false]);
    expect(MEMORY_MODELS.map((m) => allowed(MP_LOCK, MP_BAD, m, unlock))).toEqual([false, true, true]);
    // The lock still excludes: no reachable state has both threads inside their critical sections.
    for (const m of MEMORY_MODELS) {
      const run = buildLitmus(MP_LOCK, m, 2, unlock);
      const pc = (s: StateVector, t: number) => run.sys.read(s, run.names.reg(t, 'pc'));
      const inside = (s: StateVector, t: number) => pc(s, t) === 1 || pc(s, t) === 2;
      const states = explore(run.model);
      expect(states.some((s) => inside(s, 0)) && states.some((s) => inside(s, 1))).toBe(true);
      expect(states.filter((s) => inside(s, 0) && inside(s, 1))).toEqual([]);
    }
  });

  it('SB through lock acquisitions: on x86 one acquisition without its drain allows it; store-reordering allowed it anyway', () => {
    const acquire = ['spin_lock(&a) in P0'];
    expect(MEMORY_MODELS.map((m) => allowed(SB_LOCK, SB_BAD, m))).toEqual([false, false, true]);
    expect(MEMORY_MODELS.map((m) => allowed(SB_LOCK, SB_BAD, m, acquire))).toEqual([false, true, true]);
  });

  it('changes no reachable final state where lockOrderingMatters says the lock orders nothing', () => {
    const key = (ss: StateVector[]) => ss.map((s) => s.join(',')).sort();
    let checked = 0;
    for (const shape of [MP_LOCK, SB_LOCK]) {
      for (const id of siteIds(shape)) {
        const prim = id.slice(0, id.indexOf('(')) as 'spin_lock' | 'spin_unlock';
        for (const m of MEMORY_MODELS) {
          if (lockOrderingMatters(m, prim)) continue;
          expect(key(finals(shape, m, [id])), `${id} under ${m}`).toEqual(key(finals(shape, m)));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(8);
  });
});
