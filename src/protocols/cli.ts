/**
 * The built-in protocols' command lines (src/cli/protocol-cli.ts): importing this module registers
 * each of them, and the protocols themselves (./index.ts). A second protocol's CLI is one more line.
 */
import './index.js';
import { registerProtocolCli } from '../cli/protocol-cli.js';
import { auditCli } from './audit-cli/index.js';

registerProtocolCli(auditCli);
