/**
 * The command line of the toy protocol (test/cli/toy-protocol.ts), as src/cli/main.ts is audit's:
 * register its ProtocolCli and run. Built to dist/test/cli/toy-cli.js for test/cli/second-protocol.spec.ts.
 */
import { registerProtocolCli, runCli } from '../../src/cli/index.js';
import { toyCli } from './toy-protocol.js';

registerProtocolCli(toyCli);
await runCli(toyCli, process.argv.slice(2));
