#!/usr/bin/env node
/**
 * audit-check's entry: the built-in protocols' command lines register themselves
 * (src/protocols/cli.ts), and the first registered (the audit protocol's) runs.
 */
import { hideBin } from 'yargs/helpers';
import '../protocols/cli.js';
import { runCli } from './app.js';
import { protocolCli } from './protocol-cli.js';

await runCli(protocolCli(), hideBin(process.argv));
