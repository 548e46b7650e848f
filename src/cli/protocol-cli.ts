/**
 * What a protocol brings to the command line. The generic CLI (options, sessions, tables, output
 * directories, shards) knows a protocol only through this interface: its flags, how flags become
 * its configuration and the entries headers print, the cells of the matrix, its property names,
 * its list, its configuration errors and the commands only it has. A second protocol implements
 * this, registers it (src/protocols/cli.ts) and needs no edit under src/cli or src/report.
 */
import type { ArgumentsCamelCase, CommandModule, Options } from 'yargs';
import { ConfigError, type ProtocolInstance, type ProtocolRef } from '../protocols/registry.js';
import type { Configuration } from '../report/configuration.js';
import type { TraceFile } from '../report/json-trace.js';
import type { Bounds } from '../report/counterexample.js';
import type { SearchChoices } from './search-configuration.js';

export type OptionGroup = Readonly<Record<string, Options>>;
export type ParsedArgs = ArgumentsCamelCase<Readonly<Record<string, unknown>>>;

/** What names a cell before it is resolved: its row, its memory model column, its bounds as given. */
export interface CellLabel {
  readonly variant: string;
  readonly memoryModel: string;
  readonly bounds: Bounds;
}

/** A cell's configuration resolved by the protocol (defaults filled in). */
export interface CellSettings {
  readonly memoryModel: string;
  /** Store-buffer entries per CPU (meaningful under a weak memory model only). */
  readonly storeBuffer: number;
  /** Every knob with its resolved value. */
  readonly knobs: Readonly<Record<string, string>>;
}

/** Interchangeable actors of a configuration, for `--symmetry` (src/cli/symmetry.ts). */
export interface SymmetryGroup {
  /** How many (symmetry needs two). */
  readonly size: number;
  readonly memoryModel: string;
  /** Why `--symmetry on` cannot be used when `size` < 2, after "--symmetry on needs ". */
  readonly tooFew: string;
}

/** The matrix: its cells (row × memory model), the properties of each and its header. */
export interface MatrixPlan<C> {
  readonly cells: readonly C[];
  readonly properties: readonly string[];
  configuration(choices: SearchChoices): Configuration;
  /** Printed under the header: what the header leaves to each cell. */
  readonly note: string;
}

/** What `replay`'s flags ask to replay a trace on instead of the configuration it was found on. */
export interface ReplayTarget {
  /** The target in words, e.g. `proposed-fixed under x86-tso` ("on X, does not reach ..."). */
  readonly name: string;
  /** The flags given that set the configuration (a bad one is the user's mistake, not the file's). */
  readonly flags: readonly string[];
}

/** How a protocol rebuilds the configuration a trace file was found on (src/cli/commands/replay-file.ts). */
export interface ReplaySupport<C> {
  /** Flags choosing another configuration, after the leading ones. */
  readonly options: OptionGroup;
  readonly epilog: string;
  /** What the flags ask for; undefined when they ask for the file's own configuration. */
  target(argv: ParsedArgs, file: TraceFile): ReplayTarget | undefined;
  /**
   * The configuration to replay `file` on: its own (`target` undefined) or the target's. Throws
   * NoLongerReplays (src/cli/replay-run.ts) when the protocol cannot have it, UsageError for a bad file.
   */
  configFor(file: TraceFile, target: ReplayTarget | undefined): C;
}

/** The commands every protocol gets; {@link ProtocolCli.commands} orders them with its own. */
export interface BaseCommands {
  readonly matrix: CommandModule;
  readonly check: CommandModule;
  /** Present when the protocol has {@link ProtocolCli.replay}. */
  readonly replay?: CommandModule;
  readonly merge: CommandModule;
  readonly list: CommandModule;
}

export interface ProtocolCli<C = unknown> {
  /** The protocol's name in src/protocols/registry.ts. */
  readonly protocol: string;
  /** Texts of `--help`: what the program checks, the exit statuses, check's usage and epilogs. */
  readonly texts: {
    readonly about: string;
    readonly epilog: string;
    readonly checkUsage: string;
    readonly checkEpilog: string;
    readonly matrixEpilog: string;
    /** Why `--symmetry on` cannot check liveness, what to do instead (after the generic reason). */
    readonly symmetryLiveness: string;
  };
  /** The flags, in the order `--help` lists them around the generic ones. */
  readonly options: {
    /** Listed first (e.g. knobs, with a group of their own). */
    leading(): OptionGroup;
    /** `check`: before `--invariant` (what is checked) and after `--search` (its setting). */
    readonly checkSelect: OptionGroup;
    readonly checkSettings: OptionGroup;
    /** The matrix: after the leading ones, before the search options. */
    readonly matrix: OptionGroup;
    /** Every flag name of the protocol, for "did you mean": before the search flags, and after. */
    readonly names: { readonly before: readonly string[]; readonly after: readonly string[] };
  };
  /** The invariant and liveness property names, in check order (deadlock-free is the CLI's). */
  readonly invariants: readonly { readonly name: string; readonly summary: string }[];
  readonly liveness: readonly string[];
  /** `check`'s configuration from its flags (UsageError for a bad flag). */
  checkConfig(argv: ParsedArgs): Promise<C>;
  /**
   * The matrix from its flags. `parseSearch` parses the generic flags (search, output): call it
   * where their errors come among the protocol's (the first bad flag is the one reported).
   */
  matrix(argv: ParsedArgs, parseSearch: () => void): Promise<MatrixPlan<C>>;
  /** Whether a run with no property named checks the liveness properties too. */
  livenessByDefault(config: C): boolean;
  /** Why `instance` cannot have its liveness properties (e.g. its actors all stop), if so. */
  livenessUnavailable(instance: ProtocolInstance): string | undefined;
  label(config: C): CellLabel;
  /** Resolves `config`; throws a configuration error ({@link isConfigError}) for a bad one. */
  settings(config: C): CellSettings;
  ref(config: C): ProtocolRef;
  /** Whether `config` can be rebuilt on another thread (a variant loaded from a file cannot). */
  portable(config: C): boolean;
  /**
   * How long a search of `config` takes relative to the others of a run, if the protocol can guess:
   * `--jobs` starts the costliest first so that no lane is left with a long one at the end. Only
   * the order searches start in depends on it, never the output.
   */
  cost?(config: C): number;
  /** The errors other than ConfigError the protocol throws for a configuration it does not accept. */
  isConfigError?(e: unknown): e is Error;
  /** The cell's configuration entries: its row (first entry), the protocol's settings, the search's. */
  configuration(config: C, knobs: Readonly<Record<string, string>>, choices: SearchChoices): Configuration;
  symmetry(config: C): SymmetryGroup;
  /** Rebuilding a trace file's configuration, for `replay` (absent: no replay command). */
  readonly replay?: ReplaySupport<C>;
  /** `list` in text or JSON. */
  list(format: 'text' | 'json'): string;
  /** Every command of the program, in `--help` order: the base ones and the protocol's own. */
  commands(base: BaseCommands): readonly CommandModule[];
}

/** `c` as the untyped command yargs' `.command` takes: a command's own argument types stay inside it. */
export function asCommand<T>(c: CommandModule<object, T>): CommandModule {
  return c as unknown as CommandModule;
}

const clis = new Map<string, ProtocolCli>();

/** Makes `cli` known by its protocol's name; the first registered is the program's. */
export function registerProtocolCli<C>(cli: ProtocolCli<C>): void {
  clis.set(cli.protocol, cli);
}

export function protocolCli(name?: string): ProtocolCli {
  const cli = name === undefined ? [...clis.values()][0] : clis.get(name);
  if (cli === undefined) throw new Error(`no command line for protocol ${name ?? '(none registered)'}`);
  return cli;
}

/** Whether `e` says the configuration is bad (the user's to fix): a ConfigError, or the protocol's own. */
export function isConfigError(cli: ProtocolCli, e: unknown): e is Error {
  return e instanceof ConfigError || cli.isConfigError?.(e) === true;
}
