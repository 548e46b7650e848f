/**
 * The command line as a layer a protocol plugs into: implement {@link ProtocolCli}, register it, run
 * {@link runCli}. Everything a protocol's command line needs from the generic one is here, so a
 * second protocol imports this module (and the library's, src/index.ts) and edits no file of
 * src/cli or src/report; test/cli/toy-protocol.ts does exactly that.
 */
export { runCli } from './app.js';
export { asCommand, isConfigError, protocolCli, registerProtocolCli } from './protocol-cli.js';
export type {
  BaseCommands, CellLabel, CellSettings, MatrixPlan, OptionGroup, ParsedArgs, ProtocolCli, ReplaySupport, ReplayTarget, SymmetryGroup,
} from './protocol-cli.js';
export { count, oneOf } from './options.js';
export { searchEntries, withoutSearch, type SearchChoices } from './search-configuration.js';
export { defaultProperties, DEADLOCK } from './verify.js';
export { NoLongerReplays } from './replay-run.js';
export { UsageError } from './usage-error.js';
