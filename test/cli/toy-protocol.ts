/**
 * A second protocol for the CLI, not audit: N tasks each add one to a shared counter, either with a
 * separate load and store (`racy`: the lost update) or in one step (`atomic`). Registered with the
 * library's protocol registry and given a command line through the same seam as audit
 * (src/cli/protocol-cli.ts), with no edit under src/cli or src/report.
 */
import type { Options } from 'yargs';
// Only the CLI's and the library's entry points (and the engine's Layout to build a model).
import { count, defaultProperties, oneOf, searchEntries, type MatrixPlan, type ParsedArgs, type ProtocolCli, type SearchChoices } from '../../src/cli/index.js';
import { ConfigError, registerProtocol, type Action, type Invariant, type Model } from '../../src/index.js';
import { Layout } from '../../src/model/layout.js';

export const TOY_VARIANTS = ['racy', 'atomic'] as const;
export interface ToyConfig {
  readonly variant: (typeof TOY_VARIANTS)[number];
  readonly tasks: number;
}
const DEFAULT_TASKS = 2;
const MAX_TASKS = 3;

/** The counter model: `counter`, and per task a pc (0 start, 1 loaded, 2 done) and its loaded value. */
export function toyCounterModel(config: ToyConfig): { model: Model; invariant: Invariant } {
  const tasks = Array.from({ length: config.tasks }, (_, t) => t);
  const layout = new Layout([{ name: 'counter', bits: 2 }, ...tasks.flatMap((t) => [{ name: `T${t}.pc`, bits: 2 }, { name: `T${t}.local`, bits: 2 }])]);
  const counter = layout.field('counter');
  const actions: Action[] = tasks.flatMap((t) => {
    const pc = layout.field(`T${t}.pc`);
    const local = layout.field(`T${t}.local`);
    const inc = (v: number): number => Math.min(3, v + 1);
    if (config.variant === 'atomic') {
      return [{
        name: `T${t}: atomic_inc`, thread: t, footprint: { reads: [pc, counter], writes: [pc, counter], guard: [pc] },
        enabled: (s) => layout.get(s, pc) === 0,
        apply: (s, next) => { layout.set(next, counter, inc(layout.get(s, counter))); layout.set(next, pc, 2); },
      }];
    }
    return [
      {
        name: `T${t}: load_counter`, thread: t, footprint: { reads: [pc, counter], writes: [pc, local], guard: [pc] },
        enabled: (s) => layout.get(s, pc) === 0,
        apply: (s, next) => { layout.set(next, local, layout.get(s, counter)); layout.set(next, pc, 1); },
      },
      {
        name: `T${t}: store_counter`, thread: t, footprint: { reads: [pc, local], writes: [pc, counter], guard: [pc] },
        enabled: (s) => layout.get(s, pc) === 1,
        apply: (s, next) => { layout.set(next, counter, inc(layout.get(s, local))); layout.set(next, pc, 2); },
      },
    ];
  });
  const pcs = tasks.map((t) => layout.field(`T${t}.pc`));
  const done = (s: Uint32Array): boolean => pcs.every((pc) => layout.get(s, pc) === 2);
  const model: Model = {
    name: `toy-counter/${config.variant}`, layout, initialStates: [layout.zero()], actions, threadNames: tasks.map((t) => `T${t}`), isValidEnd: done,
  };
  const invariant: Invariant = {
    name: 'counter-exact',
    summary: 'once every task has stored, counter == the number of tasks (no lost update)',
    reads: [counter, ...pcs],
    holds: (s) => !done(s) || layout.get(s, counter) === config.tasks,
    antecedent: done,
  };
  return { model, invariant };
}

export const TOY_PROTOCOL = 'toy-counter';

registerProtocol({
  name: TOY_PROTOCOL,
  build: (config) => {
    const c = config as ToyConfig;
    // The library's generic error: the CLI shows it as bad usage, in its flag names.
    if (!(c.tasks >= 1 && c.tasks <= MAX_TASKS)) throw new ConfigError(`bound tasks = ${c.tasks} cannot be encoded (allowed: 1..${MAX_TASKS})`);
    const { model, invariant } = toyCounterModel(c);
    return { model, invariants: [invariant], knobs: {} };
  },
});

const TASKS = { tasks: { type: 'number', default: DEFAULT_TASKS, describe: 'tasks adding one each', requiresArg: true, group: 'Bounds:' } } as const satisfies Record<string, Options>;

const tasksFrom = (argv: ParsedArgs): number => count('tasks', argv['tasks'] as number, 1)!;

function configuration(config: ToyConfig, choices: SearchChoices): ReturnType<ProtocolCli['configuration']> {
  return [
    { key: 'variant', value: config.variant, isDefault: true },
    { key: 'tasks', value: String(config.tasks), isDefault: config.tasks === DEFAULT_TASKS },
    ...searchEntries(choices, 'sc', 0),
  ];
}

export const toyCli: ProtocolCli<ToyConfig> = {
  protocol: TOY_PROTOCOL,
  texts: {
    about: 'Lost updates of a shared counter (a toy protocol).',
    epilog: 'Exit status: 0 done, 1 a violation, 2 bad usage, 3 incomplete, 4 internal error.',
    checkUsage: '$0 check --variant V [options]',
    checkEpilog: 'Exit status: 0 every property holds, 1 a property is violated, 2 bad usage.',
    matrixEpilog: 'Exit status: 0 every check completed, 2 bad usage, 3 some check incomplete.',
    symmetryLiveness: '',
  },
  options: {
    leading: () => ({}),
    checkSelect: { variant: { type: 'string', describe: `variant: ${TOY_VARIANTS.join(' | ')}`, requiresArg: true } },
    checkSettings: TASKS,
    matrix: TASKS,
    names: { before: ['tasks'], after: ['variant'] },
  },
  invariants: [{ name: 'counter-exact', summary: 'once every task has stored, counter == the number of tasks (no lost update)' }],
  liveness: [],
  checkConfig: (argv) => Promise.resolve({ variant: oneOf('variant', String(argv['variant']), TOY_VARIANTS), tasks: tasksFrom(argv) }),
  matrix: (argv, parseSearch): Promise<MatrixPlan<ToyConfig>> => {
    const tasks = tasksFrom(argv);
    parseSearch();
    const cells = TOY_VARIANTS.map((variant) => ({ variant, tasks }));
    return Promise.resolve({
      cells,
      properties: defaultProperties(toyCli, cells[0]),
      configuration: (choices) => configuration(cells[0]!, choices).slice(1),
      note: 'every variant of the toy counter',
    });
  },
  livenessByDefault: () => false,
  livenessUnavailable: () => undefined,
  label: (config) => ({ variant: config.variant, memoryModel: 'sc', bounds: { tasks: config.tasks } }),
  settings: (config) => {
    if (!(config.tasks >= 1 && config.tasks <= MAX_TASKS)) throw new ConfigError(`bound tasks = ${config.tasks} cannot be encoded (allowed: 1..${MAX_TASKS})`);
    return { memoryModel: 'sc', storeBuffer: 0, knobs: {} };
  },
  // Worker threads load this module to find the protocol.
  ref: (config) => ({ protocol: TOY_PROTOCOL, config, modules: [import.meta.url] }),
  portable: () => true,
  configuration: (config, _knobs, choices) => configuration(config, choices),
  symmetry: () => ({ size: 0, memoryModel: 'sc', tooFew: 'two interchangeable tasks, which the toy does not declare' }),
  // Replay on the file's own configuration only (no flag retargets it).
  replay: {
    options: {},
    epilog: 'Exit status: 0 the violation is still reached, 1 it is not, 2 bad usage.',
    target: () => undefined,
    configFor: (file) => ({ variant: oneOf('variant', file.variant, TOY_VARIANTS), tasks: Number(file.bounds['tasks']) }),
  },
  list: (format) =>
    format === 'json'
      ? `${JSON.stringify({ variants: TOY_VARIANTS, invariants: ['counter-exact'] })}\n`
      : `Variants (--variant): ${TOY_VARIANTS.join(', ')}\nInvariants: counter-exact, deadlock-free\n`,
  commands: (base) => [base.matrix, base.check, base.replay!, base.merge, base.list],
};
