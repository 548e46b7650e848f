/**
 * The audit protocol's command line (src/cli/protocol-cli.ts): its flags (bounds, knobs, variants,
 * memory models), its configuration entries, the matrix of variants × memory models, its list,
 * and the commands only it has (barriers, litmus); `replay` rebuilds its configurations from trace files.
 */
import { INVARIANTS } from '../../invariants/audit.js';
import { LIVENESS, livenessUnavailable } from '../../invariants/audit-liveness.js';
import { AuditConfigError, UNBOUNDED, type AuditConfig, type VariantName } from '../../model/audit/config.js';
import { VARIANT_NAMES } from '../../model/audit/variants/index.js';
import type { AuditModel } from '../../model/audit/index.js';
import { KNOBS, knobInfos, resolveConfig } from '../../model/audit/knobs.js';
import { DEFAULT_OUT } from '../../cli/commands/matrix.js';
import { asCommand, type MatrixPlan, type ParsedArgs, type ProtocolCli } from '../../cli/protocol-cli.js';
import { UsageError } from '../../cli/usage-error.js';
import { KernelModelError } from '../../model/kernel/compile.js';
import { defaultProperties } from '../../cli/verify.js';
import { configurationOf, groupSize, matrixConfiguration } from './configuration.js';
import { barriersCommand } from './commands/barriers.js';
import { litmusCommand } from './commands/litmus.js';
import { AUDIT_REPLAY } from './replay.js';
import { listJson, renderList } from './list.js';
import {
  BOUND_OPTIONS, MEMORY_LIST_OPTION, MEMORY_OPTION, VARIANT_FILE_OPTION, boundsFrom, knobOptions, knobsFrom, memoryModelsFrom, storeBufferFrom, variantFrom,
} from './options.js';
import { loadVariantFile, variantFileOf } from './variant-file.js';
import { registrationUrl } from './register-variant-file.js';
import { TEXTS } from './texts.js';

/** Relative search cost by memory model (sc is 1), for the order `--jobs` starts searches in. */
const RELATIVE_COST: Readonly<Record<string, number>> = { 'store-reordering': 10, 'x86-tso': 1.2 };

/** `check`'s configuration from its flags, the bad-input errors in CLI words. */
async function checkConfig(argv: ParsedArgs): Promise<AuditConfig> {
  const a = argv as unknown as Parameters<typeof boundsFrom>[0] & Parameters<typeof variantFrom>[0] & { 'memory-model': string; 'store-buffer': number };
  const variant = await variantFrom(a);
  const models = memoryModelsFrom(a['memory-model']);
  if (models.length > 1) throw new UsageError(`check takes one --memory-model (got ${models.join(', ')}); the matrix takes a list`);
  const [memoryModel] = models;
  return { variant, bounds: boundsFrom(a), knobs: knobsFrom(argv), memoryModel: memoryModel!, storeBuffer: storeBufferFrom(a) };
}

/** Every variant (and the one a --variant-file adds, as the last row) × every memory model asked. */
async function matrix(argv: ParsedArgs, parseSearch: () => void): Promise<MatrixPlan<AuditConfig>> {
  const a = argv as unknown as Parameters<typeof boundsFrom>[0] & { 'variant-file'?: string; 'memory-model': string[]; 'store-buffer': number };
  const own = a['variant-file'] === undefined ? [] : [await loadVariantFile(a['variant-file'])];
  const knobInfo = knobInfos();
  const bounds = boundsFrom(a);
  const properties = defaultProperties(auditCli, { variant: 'legacy', bounds, knobs: {} });
  const given = knobsFrom(argv);
  const knobsOf = (variant: VariantName): Record<string, string> =>
    Object.fromEntries(Object.entries(given).filter(([name]) => knobInfo.find((k) => k.name === name)?.defaults[variant] !== undefined));
  parseSearch();
  const models = memoryModelsFrom(a['memory-model']);
  const storeBuffer = storeBufferFrom(a);
  // Variants outer, models inner: the rows of one variant sit together, so a changed verdict shows.
  const cells = [...VARIANT_NAMES, ...own].flatMap((variant) => models.map((memoryModel) => ({ variant, bounds, knobs: knobsOf(variant), memoryModel, storeBuffer })));
  return {
    cells,
    properties,
    configuration: (choices) => matrixConfiguration(bounds, given, choices, models, storeBuffer),
    note: "other knobs: each variant's default (audit-check list); every trace names all",
  };
}

export const auditCli: ProtocolCli<AuditConfig> = {
  protocol: 'audit',
  texts: { ...TEXTS, matrixEpilog: TEXTS.matrixEpilog(DEFAULT_OUT) },
  options: {
    leading: knobOptions,
    checkSelect: {
      variant: { type: 'string', describe: `protocol variant (required): ${VARIANT_NAMES.join(' | ')} (or one --variant-file registers)`, requiresArg: true },
      ...VARIANT_FILE_OPTION,
    },
    checkSettings: { ...MEMORY_OPTION, ...BOUND_OPTIONS },
    matrix: { ...VARIANT_FILE_OPTION, ...MEMORY_LIST_OPTION, ...BOUND_OPTIONS },
    names: {
      before: Object.keys(BOUND_OPTIONS),
      after: [...KNOBS.map((k) => k.name), 'variant', 'memory-model', 'variant-file', 'store-buffer', 'model'],
    },
  },
  invariants: INVARIANTS,
  liveness: LIVENESS.map((l) => l.name),
  checkConfig,
  matrix,
  // Tasks loop forever only with --syscalls unbounded; a bounded run makes liveness vacuous.
  livenessByDefault: (config) => config.bounds.syscalls === UNBOUNDED,
  // The instance comes from this protocol's build (src/protocols/audit.ts), so its model is an AuditModel.
  livenessUnavailable: (instance) => livenessUnavailable(instance.model as AuditModel),
  label: (config) => ({ variant: config.variant, memoryModel: config.memoryModel ?? 'sc', bounds: { ...config.bounds } }),
  settings: (config) => {
    const { memoryModel, storeBuffer, knobs } = resolveConfig(config);
    return { memoryModel, storeBuffer, knobs };
  },
  ref: (config) => {
    const file = variantFileOf(config.variant);
    return { protocol: 'audit', config, ...(file === undefined ? {} : { modules: [registrationUrl(file)] }) };
  },
  // A user's variant is registered on a worker by loading its file there (ref's modules).
  // At the default bounds a store-reordering search costs up to 25 times its sc one, x86-tso a
  // little more than sc (README's matrix); the order searches start in is all this decides.
  cost: (config) => RELATIVE_COST[config.memoryModel ?? 'sc'] ?? 1,
  portable: (config) => (VARIANT_NAMES as readonly string[]).includes(config.variant) || variantFileOf(config.variant) !== undefined,
  // A step this configuration cannot run (e.g. a lock a variant file holds across steps, which
  // another step would have to wait for mid-step) is found while searching: bad input, not our bug.
  isConfigError: (e): e is Error => e instanceof AuditConfigError || e instanceof KernelModelError,
  configuration: configurationOf,
  symmetry: (config) => {
    const { bounds, memoryModel } = resolveConfig(config);
    const tooFew = `two interchangeable tasks (alive at start, not forking); --tasks ${bounds.tasks} --forks ${bounds.forks} has ${Math.max(0, bounds.tasks - bounds.forks)}`;
    return { size: groupSize(bounds), memoryModel, tooFew };
  },
  replay: AUDIT_REPLAY,
  list: (format) => (format === 'json' ? listJson() : renderList()),
  commands: (base) => [
    base.matrix, base.check, asCommand(barriersCommand(auditCli)), base.replay!, base.merge, base.list, asCommand(litmusCommand(auditCli)),
  ],
};
