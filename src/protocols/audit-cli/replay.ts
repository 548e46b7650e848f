/**
 * `replay` for the audit protocol: the configuration a trace file was found on (variant, bounds,
 * knobs, memory model), or the one `--variant`, `--memory-model` and the knob flags ask for, with
 * the knobs the file set off its variant's default carried over (src/cli/commands/replay-file.ts).
 */
import type { Trace } from '../../checker/types.js';
import { DEFAULT_BOUNDS, type AuditConfig, type VariantName } from '../../model/audit/config.js';
import { VARIANT_NAMES } from '../../model/audit/variants/index.js';
import type { AuditModel } from '../../model/audit/index.js';
import { knobInfos } from '../../model/audit/knobs.js';
import { MEMORY_MODELS, type MemoryModelName } from '../../model/kernel/memory.js';
import type { ViolatedProperty } from '../../report/counterexample.js';
import type { TraceFile } from '../../report/json-trace.js';
import { replayOwn } from '../../cli/commands/replay-file.js';
import { oneOf } from '../../cli/options.js';
import type { ParsedArgs, ProtocolCli, ReplaySupport, ReplayTarget } from '../../cli/protocol-cli.js';
import { NoLongerReplays } from '../../cli/replay-run.js';
import { UsageError } from '../../cli/usage-error.js';
import { DEADLOCK } from '../../cli/verify.js';
import { knobsFrom } from './options.js';

const EPILOG =
  'Replay takes variant, bounds, knobs, the initial state and the step names from the file and ' +
  'recomputes every state; on the file\'s own configuration each must equal the file\'s state, field ' +
  'by field. The other fields (changes, lane, function, summary, configuration, contextSwitches) are ' +
  'for readers and are recomputed. With --variant, --memory-model or a knob flag the trace runs on that configuration ' +
  'instead: knobs the file set off its variant\'s default carry over, states are not compared. ' +
  'Exit status: 0 the violation is still reached, 1 it is not (a step cannot happen, a state differs, ' +
  'or the property holds at the end), 2 bad usage or not a trace, 4 internal error.';

/** Another variant, memory model or knobs to replay on. */
interface AuditTarget extends ReplayTarget {
  readonly variant: VariantName;
  readonly knobs: Readonly<Record<string, string>>;
  readonly memoryModel?: MemoryModelName;
}

function target(argv: ParsedArgs, file: TraceFile): AuditTarget | undefined {
  const variant = argv['variant'] === undefined ? undefined : oneOf('variant', String(argv['variant']), VARIANT_NAMES);
  const knobs = knobsFrom(argv);
  const memory = argv['memory-model'] === undefined ? undefined : oneOf('memory-model', String(argv['memory-model']), MEMORY_MODELS);
  const same =
    (variant === undefined || variant === file.variant) && Object.keys(knobs).length === 0 && (memory === undefined || memory === (file.memoryModel ?? 'sc'));
  if (same) return undefined;
  return {
    name: `${variant ?? file.variant}${memory === undefined ? '' : ` under ${memory}`}`,
    flags: Object.keys(knobs),
    variant: variant ?? (file.variant as VariantName),
    knobs,
    ...(memory === undefined ? {} : { memoryModel: memory }),
  };
}

/**
 * The configuration to replay on: the file's own (`to` undefined), or the target's variant with the
 * knobs the file set off its variant's default (those the target has), then the flags.
 */
function configFor(file: TraceFile, to: ReplayTarget | undefined): AuditConfig {
  const t = to as AuditTarget | undefined;
  if (!(VARIANT_NAMES as readonly string[]).includes(file.variant)) {
    throw new NoLongerReplays(`the model has no variant ${file.variant} (it has ${VARIANT_NAMES.join(', ')})`);
  }
  // The five bounds every trace file has had; later ones (childSyscalls) take their defaults.
  const missing = ['tasks', 'cpus', 'forks', 'ruleOps', 'syscalls'].find((k) => file.bounds[k] === undefined);
  if (missing !== undefined) throw new UsageError(`the trace file's bounds.${missing} is missing`);
  const from = file.variant as VariantName;
  const variant = t?.variant ?? from;
  const carried = Object.entries(file.knobs).filter(([name, value]) => {
    const info = knobInfos().find((k) => k.name === name);
    return t === undefined || (info?.defaults[variant] !== undefined && info.defaults[from] !== value);
  });
  const memory = t?.memoryModel;
  return {
    variant, bounds: { ...DEFAULT_BOUNDS, ...file.bounds }, knobs: { ...Object.fromEntries(carried), ...t?.knobs },
    ...(memory !== undefined ? { memoryModel: memory } : file.memoryModel === undefined ? {} : { memoryModel: file.memoryModel as MemoryModelName }),
    ...(file.storeBuffer === undefined ? {} : { storeBuffer: file.storeBuffer }),
  };
}

export const AUDIT_REPLAY: ReplaySupport<AuditConfig> = {
  options: {
    variant: { type: 'string', describe: `replay on this variant instead: ${VARIANT_NAMES.join(' | ')}`, requiresArg: true },
    'memory-model': { type: 'string', describe: `replay under this memory model instead: ${MEMORY_MODELS.join(' | ')}`, requiresArg: true },
  },
  epilog: EPILOG,
  target,
  configFor,
};

/**
 * Replays `file` on its own configuration, every state compared (for `litmus export`); throws
 * NoLongerReplays with the reason when it does not reach its violation.
 */
export function replay(cli: ProtocolCli<AuditConfig>, file: TraceFile): {
  model: AuditModel;
  trace: Trace;
  property: ViolatedProperty;
  knobs: Readonly<Record<string, string>>;
  memoryModel: string;
  storeBuffer: number;
} {
  const { prepared, trace } = replayOwn(cli, file);
  const { knobs, memoryModel, storeBuffer } = prepared;
  // Built by the audit protocol (prepare builds `cli.protocol`), so an audit model.
  const model = prepared.model as AuditModel;
  return { model, trace, property: prepared.invariants[0] ?? DEADLOCK, knobs, memoryModel, storeBuffer };
}
