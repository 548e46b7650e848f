/**
 * The abstract syntax of a C litmus test in the format of the kernel's
 * tools/memory-model/litmus-tests: a name, an initial-value block, threads P0..Pn, an optional
 * `locations` line and one final condition. The tree carries no source positions, so that
 * `parseLitmus(printLitmus(t))` can equal `t`; the parser reports positions itself.
 */

/** A value held in memory or a register: a number, or the address of a location (`int *p = x`). */
export type Value = number | string;

/** One entry of the initial block: `x=1;`, `int x;`, `int *p=y;`, `spinlock_t l;`, `0:r0=1;`. */
export interface InitEntry {
  /** The declared type (`int`, `atomic_t`, `spinlock_t`), or undefined for a bare `x=1`. */
  readonly type?: string;
  /** Pointer depth of the declaration (`int *p` is 1). */
  readonly ptr: number;
  /** Thread of a register initialisation `0:r0=1`; undefined for a shared location. */
  readonly thread?: number;
  readonly name: string;
  readonly value?: Value;
}

export interface Param {
  readonly type: string;
  /** `int *x` is 1, `int **p` is 2. */
  readonly ptr: number;
  readonly name: string;
}

export type Expr =
  | { readonly kind: 'num'; readonly value: number }
  | { readonly kind: 'var'; readonly name: string }
  | { readonly kind: 'deref'; readonly arg: Expr }
  | { readonly kind: 'unop'; readonly op: UnOp; readonly arg: Expr }
  | { readonly kind: 'binop'; readonly op: BinOp; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Expr[] };

export type UnOp = '!' | '-' | '~';
export type BinOp = '*' | '/' | '%' | '+' | '-' | '&' | '|' | '^' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||';

/**
 * A statement; `comment` is the text of a C comment after it on the same line, which an exporter
 * uses to name the kernel function of each access.
 */
export type Stmt =
  | { readonly kind: 'decl'; readonly type: string; readonly ptr: number; readonly name: string; readonly init?: Expr; readonly comment?: string }
  | { readonly kind: 'assign'; readonly reg: string; readonly expr: Expr; readonly comment?: string }
  | { readonly kind: 'call'; readonly call: Extract<Expr, { kind: 'call' }>; readonly comment?: string }
  | { readonly kind: 'if'; readonly cond: Expr; readonly then: readonly Stmt[]; readonly else?: readonly Stmt[] };

export interface Thread {
  readonly id: number;
  readonly params: readonly Param[];
  readonly body: readonly Stmt[];
}

/** `0:r0` (thread 0's register) or `x` (the final value of location x). */
export interface Target {
  readonly thread?: number;
  readonly name: string;
}

export type Prop =
  | { readonly kind: 'atom'; readonly target: Target; readonly value: Value }
  | { readonly kind: 'not'; readonly arg: Prop }
  | { readonly kind: 'and' | 'or'; readonly left: Prop; readonly right: Prop }
  | { readonly kind: 'const'; readonly value: boolean };

export type Quantifier = 'exists' | '~exists' | 'forall';

export interface Condition {
  readonly quantifier: Quantifier;
  readonly prop: Prop;
}

export interface LitmusTest {
  readonly name: string;
  /** The first comment after the name line, kept verbatim (it holds `Result: Never` and the why). */
  readonly doc?: string;
  readonly init: readonly InitEntry[];
  readonly threads: readonly Thread[];
  /** The `locations [...]` line: extra things herd7 prints; kept for the round trip. */
  readonly locations?: readonly Target[];
  readonly condition: Condition;
}

/** Bad input: the message is one line and starts with `line:col`. */
export class LitmusError extends Error {
  override readonly name = 'LitmusError';
  constructor(
    readonly line: number,
    readonly col: number,
    readonly problem: string,
  ) {
    super(`${line}:${col}: ${problem}`);
  }
}

/**
 * A well-formed test that uses something outside the supported subset, found while running it.
 * `node` is the call or condition atom at fault, whose source position the parser recorded.
 */
export class Unsupported extends Error {
  override readonly name = 'Unsupported';
  constructor(
    message: string,
    readonly node?: object,
  ) {
    super(message);
  }
}

/** Source positions of AST nodes, kept beside the tree so that trees compare by content alone. */
const positions = new WeakMap<object, { readonly line: number; readonly col: number }>();

export function setPosition(node: object, line: number, col: number): void {
  positions.set(node, { line, col });
}

export function positionOf(node: object | undefined): { readonly line: number; readonly col: number } | undefined {
  return node === undefined ? undefined : positions.get(node);
}
