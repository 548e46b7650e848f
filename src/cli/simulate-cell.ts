/**
 * `check --simulate N --seed S`: random runs of one configuration with the same invariant checks as
 * a search. A violation found is replayed from the initial state before it is shown, so it is a
 * real, replayable run; a property without one is `not found`, never `holds`.
 */
import { lastState, replayTrace, simulate, threadSwitches } from '../checker/index.js';
import { configurationObject } from '../report/configuration.js';
import type { Counterexample, ViolatedProperty } from '../report/counterexample.js';
import type { CellResult } from '../report/results.js';
import { interruptRequested } from './interrupt.js';
import type { ProtocolCli } from './protocol-cli.js';
import { simulationConfiguration, type SimulationSettings } from './search-configuration.js';
import { DEADLOCK, engineName, prepare, violates, type VerifyOutcome } from './verify.js';

export function simulateCell(cli: ProtocolCli, search: string, config: unknown, properties: readonly string[], sim: SimulationSettings): VerifyOutcome {
  const { model, invariants, deadlock, knobs, memoryModel, storeBuffer, hidden } = prepare(cli, config, properties);
  const { variant, bounds } = cli.label(config);
  const result = simulate(model, invariants, { ...sim, deadlock, stop: interruptRequested });
  const configuration = simulationConfiguration(cli.configuration(config, knobs, {}), sim);
  const stats = {
    search,
    configuration: configurationObject(configuration),
    memoryModel,
    states: result.steps,
    transitions: result.steps,
    depth: result.longestRun,
    seconds: result.elapsedSeconds,
  };
  const results: CellResult[] = [];
  const counterexamples: Counterexample[] = [];
  for (const name of properties) {
    const found = result.properties.find((p) => p.name === engineName(name));
    const invariant = invariants.find((i) => i.name === name);
    const property: ViolatedProperty = invariant ?? DEADLOCK;
    if (found?.trace === undefined) {
      results.push({ variant, invariant: name, verdict: 'not-found', ...stats });
      continue;
    }
    const trace = replayTrace(model, found.trace.initial, found.trace.steps.map((s) => s.action));
    if (!violates(model, invariant, lastState(trace))) {
      throw new Error(`${model.name}: the simulated run for ${name} replays to a state that does not violate it`);
    }
    counterexamples.push({
      model, trace, property, variant, bounds: { ...bounds }, knobs, configuration, minimal: false, ...(hidden === undefined ? {} : { hidden }),
      memoryModel, ...(memoryModel === 'sc' ? {} : { storeBuffer }),
    });
    results.push({
      variant,
      invariant: name,
      verdict: 'violated',
      ...stats,
      traceLength: trace.steps.length,
      contextSwitches: threadSwitches(model, trace),
    });
  }
  return { results, counterexamples, interrupted: result.interrupted };
}
