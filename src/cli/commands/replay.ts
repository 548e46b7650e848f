/**
 * Kept for src/litmus/export/export.spec.ts, which replays saved traces through this path: the audit
 * protocol's own replay lives with its command line (src/protocols/audit-cli/replay.ts).
 */
import { auditCli } from '../../protocols/audit-cli/index.js';
import { replay as replayOn } from '../../protocols/audit-cli/replay.js';
import type { TraceFile } from '../../report/json-trace.js';

export { NoLongerReplays } from '../replay-run.js';

/** {@link replayOn} on the audit protocol. */
export function replay(file: TraceFile): ReturnType<typeof replayOn> {
  return replayOn(auditCli, file);
}
