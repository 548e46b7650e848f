/**
 * The command line of the toy protocol (test/cli/toy-protocol.ts), as src/cli/main.ts is audit's:
 * register its ProtocolCli and run. Built to dist/test/cli/toy-cli.js for test/cli/second-protocol.spec.ts.
 */
import { runCli } from '../../src/cli/app.js';
import { registerProtocolCli } from '../../src/cli/protocol-cli.js';
import { toyCli } from './toy-protocol.js';

registerProtocolCli(toyCli);
await runCli(toyCli, process.argv.slice(2));
