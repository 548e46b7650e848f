/**
 * `checkLitmus(test, {model})`: is the test's final condition reachable under the Linux-kernel
 * memory model? Every candidate execution is checked against the axioms; the verdict is Allowed
 * with a witness, or Forbidden with the axiom that rules out each candidate that would make the
 * condition reachable, and the cycle of one of them.
 */
import { LitmusError, Unsupported, positionOf, type LitmusTest, type Prop, type Stmt, type Value } from './ast.js';
import { forEachCandidate, shapeOf, type Execution, type Shape } from './candidates.js';
import { violatedAxiom, type Axiom, type Failure, type MemoryModel } from './lkmm.js';
import { printTarget } from './print.js';

const RANK: Readonly<Record<Axiom, number>> = { sc: 0, coherence: 0, atomic: 1, 'happens-before': 2, propagation: 3 };

export interface CheckOptions {
  readonly model?: MemoryModel;
}

/** herd7's word for how often the condition's proposition holds over the consistent executions. */
export type Result = 'Never' | 'Sometimes' | 'Always';

export interface CheckResult {
  readonly model: MemoryModel;
  /**
   * Allowed: an execution the model accepts reaches what the condition asks about (the
   * proposition for exists and ~exists, its negation for forall). Forbidden: none does.
   */
  readonly verdict: 'Allowed' | 'Forbidden';
  readonly result: Result;
  readonly candidates: number;
  readonly consistent: number;
  /** Consistent executions in which the proposition holds. */
  readonly satisfying: number;
  readonly witness?: Execution;
  /** For Forbidden: how many of the candidates that reach the condition each axiom rules out. */
  readonly forbiddenBy?: Readonly<Partial<Record<Axiom, number>>>;
  readonly example?: { readonly execution: Execution; readonly failure: Failure };
}

/** Throws LitmusError (with the line of the construct at fault) for what the subset leaves out. */
export function checkLitmus(test: LitmusTest, options: CheckOptions = {}): CheckResult {
  try {
    return check(test, options);
  } catch (e) {
    const at = e instanceof Unsupported ? positionOf(e.node) : undefined;
    if (at !== undefined) throw new LitmusError(at.line, at.col, (e as Error).message);
    throw e;
  }
}

function check(test: LitmusTest, options: CheckOptions): CheckResult {
  const model = options.model ?? 'lkmm';
  const shape = shapeOf(test);
  validateCondition(test, shape);
  const reach = test.condition.quantifier === 'forall' ? (x: Execution) => !holds(test.condition.prop, x) : (x: Execution) => holds(test.condition.prop, x);
  let candidates = 0;
  let consistent = 0;
  let satisfying = 0;
  let witness: Execution | undefined;
  let example: { execution: Execution; failure: Failure } | undefined;
  const forbiddenBy: Partial<Record<Axiom, number>> = {};
  forEachCandidate(test, shape, (x) => {
    candidates++;
    const failure = violatedAxiom(x, model);
    const p = holds(test.condition.prop, x);
    if (failure === undefined) {
      consistent++;
      if (p) satisfying++;
      if (reach(x) && witness === undefined) witness = x;
    } else if (reach(x)) {
      forbiddenBy[failure.axiom] = (forbiddenBy[failure.axiom] ?? 0) + 1;
      // Show the candidate that gets furthest: one that is coherent but breaks a later axiom tells more.
      if (example === undefined || RANK[failure.axiom] > RANK[example.failure.axiom]) example = { execution: x, failure };
    }
    return true;
  });
  const result: Result = satisfying === 0 ? 'Never' : satisfying === consistent ? 'Always' : 'Sometimes';
  const base = { model, result, candidates, consistent, satisfying };
  if (witness !== undefined) return { ...base, verdict: 'Allowed', witness };
  return { ...base, verdict: 'Forbidden', forbiddenBy, ...(example === undefined ? {} : { example }) };
}

/** Every outcome (registers and final values) of the executions `model` accepts, as sorted strings. */
export function allowedOutcomes(test: LitmusTest, model: MemoryModel): Set<string> {
  const out = new Set<string>();
  forEachCandidate(test, shapeOf(test), (x) => {
    if (violatedAxiom(x, model) === undefined) out.add(outcomeKey(x));
    return true;
  });
  return out;
}

export function outcomeKey(x: Execution): string {
  const parts = [...x.regs].map(([k, v]) => `${k}=${String(v)}`);
  for (const [k, v] of x.finals) parts.push(`${k}=${String(v)}`);
  return parts.sort().join(' ');
}

export function holds(p: Prop, x: Execution): boolean {
  switch (p.kind) {
    case 'const':
      return p.value;
    case 'not':
      return !holds(p.arg, x);
    case 'and':
      return holds(p.left, x) && holds(p.right, x);
    case 'or':
      return holds(p.left, x) || holds(p.right, x);
    case 'atom': {
      const v: Value | undefined = p.target.thread === undefined ? x.finals.get(p.target.name) : (x.regs.get(printTarget(p.target)) ?? 0);
      return v === p.value;
    }
  }
}

function validateCondition(test: LitmusTest, shape: Shape): void {
  const visit = (p: Prop): void => {
    if (p.kind === 'not') return visit(p.arg);
    if (p.kind === 'and' || p.kind === 'or') {
      visit(p.left);
      visit(p.right);
      return;
    }
    if (p.kind !== 'atom') return;
    const { thread, name } = p.target;
    if (thread === undefined) {
      if (!shape.locations.has(name)) throw new Unsupported(`the condition names ${name}, which is not a location of the test`, p);
      if (shape.locks.has(name)) throw new Unsupported(`the condition tests the spinlock ${name}; the final value of a lock is not checked (lock.cat's lock-final)`, p);
    } else if (test.threads[thread] === undefined) {
      throw new Unsupported(`the condition names ${thread}:${name}, but there is no thread P${thread}`, p);
    } else if (!registersOf(test, thread).has(name)) {
      throw new Unsupported(`the condition names ${thread}:${name}, but P${thread} has no register ${name}`, p);
    }
  };
  visit(test.condition.prop);
}

function registersOf(test: LitmusTest, thread: number): Set<string> {
  const out = new Set(test.init.filter((e) => e.thread === thread).map((e) => e.name));
  const visit = (body: readonly Stmt[]): void => {
    for (const s of body) {
      if (s.kind === 'decl') out.add(s.name);
      else if (s.kind === 'assign') out.add(s.reg);
      else if (s.kind === 'if') {
        visit(s.then);
        visit(s.else ?? []);
      }
    }
  };
  visit(test.threads[thread]!.body);
  return out;
}
