/**
 * Kept for src/litmus/export/export.spec.ts, which replays saved traces through this path: the
 * audit protocol's replay now lives with its command line (src/protocols/audit-cli/commands/replay.ts).
 */
import { auditCli } from '../../protocols/audit-cli/index.js';
import { replay as replayOn } from '../../protocols/audit-cli/commands/replay.js';
import type { TraceFile } from '../../report/json-trace.js';

export { NoLongerReplays } from '../../protocols/audit-cli/commands/replay.js';

/** {@link replayOn} on the audit protocol. */
export function replay(file: TraceFile): ReturnType<typeof replayOn> {
  return replayOn(auditCli, file);
}
