/**
 * `npm run mutate`: semantic mutants of the model, each a small edit of one source file that changes
 * what the kernel code does (a dropped recheck, a lock that no longer excludes, a barrier that no
 * longer orders). Each is applied in place, the tests named for it run (vitest transforms the source
 * directly, no build), and the file is restored. A mutant is killed when those tests fail. Prints one
 * line per mutant and the score; exits 1 if any survives. Pinned state counts do not count as a kill:
 * the tests named are verdict, scenario, reference-model and litmus-shape tests.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Mutant {
  readonly name: string;
  readonly file: string;
  readonly edits: readonly (readonly [string, string])[];
  /** Behavioural tests that must notice; `-t` patterns keep pinned-count tests out. */
  readonly tests: readonly string[];
  readonly filter?: string;
}

const VERDICTS = 'src/invariants/audit.spec.ts';
const SCENARIOS = 'src/model/audit/scenarios.spec.ts';
const REFERENCE = 'properties/reference-model.spec.ts';
const SHAPES = 'src/model/kernel/memory-models.spec.ts';
const WEAK = 'src/model/audit/weak-memory.spec.ts';

const MUTANTS: readonly Mutant[] = [
  {
    name: 'drop the exit recheck', file: 'src/model/audit/steps/exit.ts',
    edits: [['body: [if_(READ_ONCE(env.fields.nRules.id), [set_thread_flag(t.flag.id)]), ...returnToUser(env, t)],', 'body: [...returnToUser(env, t)],']],
    tests: [SCENARIOS, REFERENCE, WEAK],
  },
  {
    name: 'swap the exit clear and the recheck', file: 'src/model/audit/steps/exit.ts',
    edits: [
      ['body: [clear_thread_flag(t.flag.id), ...exitBarrier(env), set(t.pc.id, PC.X5_B)],', 'body: [if_(READ_ONCE(env.fields.nRules.id), [set_thread_flag(t.flag.id)]), ...exitBarrier(env), set(t.pc.id, PC.X5_B)],'],
      ['body: [if_(READ_ONCE(env.fields.nRules.id), [set_thread_flag(t.flag.id)]), ...returnToUser(env, t)],', 'body: [clear_thread_flag(t.flag.id), ...returnToUser(env, t)],'],
    ],
    tests: [SCENARIOS, REFERENCE, WEAK],
  },
  {
    name: 'a reader of tasklist_lock no longer excludes a writer', file: 'src/model/kernel/memory.ts',
    edits: [['  if (prim === \'read_lock\') return v < max - 1;\n  return v === 0;', '  if (prim === \'read_lock\') return v < max - 1;\n  return prim === \'write_lock\' ? v !== max : v === 0;']],
    tests: [SCENARIOS, REFERENCE],
  },
  {
    name: 'proposed-fixed reads audit_n_rules early, in audit_alloc', file: 'src/model/audit/variants/proposed-fixed.ts',
    edits: [
      ["import { allocInherits, attachThenReadNRules, copyProcess } from '../steps/fork.js';", "import { allocReadsNRules, attachOnly, copyProcess } from '../steps/fork.js';"],
      ['copy_process: copyProcess(allocInherits, attachThenReadNRules),', 'copy_process: copyProcess(() => allocReadsNRules, attachOnly),'],
    ],
    tests: [VERDICTS, SCENARIOS],
    filter: 'proposed-fixed|fork',
  },
  {
    name: "audit_alloc clears a legacy child's flag", file: 'src/model/audit/steps/fork.ts',
    edits: [['export const allocSetsFlag: AllocFlag = (_env, c) => [set_tsk_thread_flag(c.flag.id)];', 'export const allocSetsFlag: AllocFlag = (_env, c) => [clear_tsk_thread_flag(c.flag.id)];']],
    tests: [REFERENCE, SCENARIOS],
  },
  {
    name: '__audit_log_bprm_fcaps tests in_syscall', file: 'src/model/audit/steps/syscall.ts',
    edits: [['if_(and(plain_read(t.ctx.id), not(f(t.dummy))), [bump(t.aux)]),', 'if_(and(plain_read(t.ctx.id), not(f(t.dummy)), f(t.inSyscall)), [bump(t.aux)]),']],
    tests: [REFERENCE, SCENARIOS],
  },
  {
    name: 'smp_mb() no longer drains the store buffer', file: 'src/model/kernel/buffer.ts',
    edits: [["if (prim === 'smp_mb' || !opts.lockedAtomics) drain(n);", "if (prim !== 'smp_mb' && !opts.lockedAtomics) drain(n);"]],
    tests: [SHAPES, WEAK],
  },
  {
    name: 'smp_wmb() no longer orders stores', file: 'src/model/kernel/buffer.ts',
    edits: [['if (c > 0) put(n, entries[c - 1]!.fence, 1);', 'void c;']],
    tests: [SHAPES, WEAK],
  },
];

const root = join(import.meta.dirname, '..', '..');

function runMutant(m: Mutant): boolean {
  const path = join(root, m.file);
  const original = readFileSync(path, 'utf8');
  let mutated = original;
  for (const [from, to] of m.edits) {
    if (!mutated.includes(from)) throw new Error(`mutant "${m.name}": ${m.file} no longer contains ${JSON.stringify(from.slice(0, 60))}; update the mutant`);
    mutated = mutated.replace(from, to);
  }
  writeFileSync(path, mutated);
  pending = { path, original };
  try {
    const args = ['vitest', 'run', ...m.tests, ...(m.filter === undefined ? [] : ['-t', m.filter])];
    const r = spawnSync('npx', args, { cwd: root, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
    return r.status !== 0;
  } finally {
    writeFileSync(path, original);
    pending = undefined;
  }
}

/** The file being mutated, so Ctrl-C puts it back before exiting. */
let pending: { path: string; original: string } | undefined;
process.on('SIGINT', () => {
  if (pending !== undefined) writeFileSync(pending.path, pending.original);
  process.exit(130);
});
let killed = 0;
for (const m of MUTANTS) {
  const dead = runMutant(m);
  if (dead) killed++;
  process.stdout.write(`${dead ? 'killed  ' : 'SURVIVED'}  ${m.name}  (${m.file})\n`);
}
process.stdout.write(`mutation score: ${killed}/${MUTANTS.length}\n`);
process.exitCode = killed === MUTANTS.length ? 0 : 1;
