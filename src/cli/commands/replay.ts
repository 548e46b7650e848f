/**
 * `audit-check replay FILE.json`: re-runs a saved counterexample step by step against the current
 * model and says whether it still reaches the violation (exit 0), no longer does (1), or the file is
 * not a trace (2).
 */
import { readFile } from 'node:fs/promises';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { lastState, replayTrace } from '../../checker/index.js';
import type { Trace } from '../../checker/types.js';
import { AuditConfigError, DEFAULT_BOUNDS, VARIANT_NAMES, type AuditConfig, type VariantName } from '../../model/audit/config.js';
import type { AuditModel } from '../../model/audit/index.js';
import type { ViolatedProperty } from '../../report/counterexample.js';
import type { MemoryModelName } from '../../model/kernel/memory.js';
import { parseTraceFile, type TraceFile } from '../../report/json-trace.js';
import { renderTextTrace } from '../../report/text-trace.js';
import { EXIT, UsageError, oneLine } from '../usage-error.js';
import { DEADLOCK, isBookkeeping, prepare, violates, type Prepared } from '../verify.js';

interface ReplayArgs {
  readonly file: string;
}

/** Why a well-formed trace no longer replays; exit status 1. */
export class NoLongerReplays extends Error {}

export const replayCommand: CommandModule<object, ReplayArgs> = {
  command: 'replay <file>',
  describe: 'replay a saved counterexample (.json) against the current model',
  builder: (y: Argv) => y.positional('file', { type: 'string', describe: 'a .json written by audit-check', demandOption: true }),
  handler: async (argv: ArgumentsCamelCase<ReplayArgs>) => {
    let text: string;
    try {
      text = await readFile(argv.file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new UsageError(`cannot read ${argv.file}: ${code === 'ENOENT' ? 'no such file' : oneLine(String(e))}`);
    }
    let file: TraceFile;
    try {
      file = parseTraceFile(text);
    } catch (e) {
      throw new UsageError(`${argv.file} is not an audit-check trace: ${oneLine((e as Error).message)}`);
    }
    try {
      const { model, trace, differences, knobs, property, memoryModel, storeBuffer } = replay(file);
      process.stdout.write(
        `${argv.file}: ${trace.steps.length} steps replayed on the current model; they still reach the violation of ${file.invariant}.\n`,
      );
      for (const d of differences) process.stdout.write(`note: ${d}\n`);
      process.stdout.write('\n');
      process.stdout.write(
        renderTextTrace({
          model,
          trace,
          property,
          variant: file.variant,
          bounds: file.bounds,
          knobs,
          memoryModel,
          ...(memoryModel === 'sc' ? {} : { storeBuffer }),
          minimal: false,
          hidden: isBookkeeping,
        }),
      );
      process.exitCode = EXIT.ok;
    } catch (e) {
      if (!(e instanceof NoLongerReplays)) throw e;
      process.stdout.write(`${argv.file}: does not reach the violation of ${file.invariant} any more: ${e.message}\n`);
      process.exitCode = EXIT.violated;
    }
  },
};

/** Replays `file`; throws NoLongerReplays with the reason when it does not reach its violation. */
export function replay(file: TraceFile): {
  model: AuditModel;
  trace: Trace;
  differences: string[];
  knobs: Readonly<Record<string, string>>;
  property: ViolatedProperty;
  memoryModel: string;
  storeBuffer: number;
} {
  if (!(VARIANT_NAMES as readonly string[]).includes(file.variant)) {
    throw new NoLongerReplays(`the model has no variant ${file.variant} (it has ${VARIANT_NAMES.join(', ')})`);
  }
  // The five bounds every trace file has had; later ones (childSyscalls) take their defaults.
  const missing = ['tasks', 'cpus', 'forks', 'ruleOps', 'syscalls'].find((k) => file.bounds[k] === undefined);
  if (missing !== undefined) throw new UsageError(`the trace file's bounds.${missing} is missing`);
  const config: AuditConfig = {
    variant: file.variant as VariantName, bounds: { ...DEFAULT_BOUNDS, ...file.bounds }, knobs: file.knobs,
    ...(file.memoryModel === undefined ? {} : { memoryModel: file.memoryModel as MemoryModelName }),
    ...(file.storeBuffer === undefined ? {} : { storeBuffer: file.storeBuffer }),
  };
  let prepared: Prepared;
  try {
    prepared = prepare(config, [file.invariant].filter((n) => n !== DEADLOCK.name));
  } catch (e) {
    if (e instanceof AuditConfigError) throw new NoLongerReplays(`the model rejects its configuration: ${oneLine(e.message)}`);
    throw e;
  }
  const { model, invariants, knobs, memoryModel, storeBuffer } = prepared;
  const invariant = invariants[0];
  if (file.invariant !== DEADLOCK.name && invariant === undefined) {
    throw new NoLongerReplays(`the model has no invariant ${file.invariant}`);
  }
  const layout = model.layout;
  const initial = model.initialStates.find((s) =>
    layout.fields.every((f) => (file.initial[f.name] ?? -1) === layout.get(s, f.id)),
  );
  if (initial === undefined) throw new NoLongerReplays('its initial state is not an initial state of the current model');
  const ids = file.steps.map((s, i) => {
    const id = model.actions.findIndex((a) => a.name === s.action);
    if (id < 0) throw new NoLongerReplays(`step ${i + 1}: the model has no step named "${s.action}"`);
    return id;
  });
  let trace: Trace;
  try {
    trace = replayTrace(model, initial, ids);
  } catch (e) {
    throw new NoLongerReplays(oneLine((e as Error).message));
  }
  if (!violates(model, invariant, lastState(trace))) {
    throw new NoLongerReplays(`after its ${trace.steps.length} steps ${file.invariant} holds`);
  }
  const differences: string[] = [];
  trace.steps.forEach((step, i) => {
    const saved = file.steps[i]!.state;
    for (const f of layout.fields) {
      const now = layout.get(step.state, f.id);
      if (saved[f.name] !== now && differences.length < 5) {
        differences.push(`after step ${i + 1}, ${f.name} is ${now} (the file says ${saved[f.name] ?? 'nothing'})`);
      }
    }
  });
  return { model, trace, differences, knobs, property: invariant ?? DEADLOCK, memoryModel, storeBuffer };
}
