/**
 * Where a worker thread's code is: from dist, the `.js` beside the caller; from the sources (vitest,
 * tsx), the `.ts` started through the .mjs bootstrap that registers tsx's loader in the new thread.
 */
const BOOTSTRAP = new URL('./worker-bootstrap.mjs', import.meta.url);

/** The script for the worker module `name` (no extension) next to the module at `callerUrl`. */
export function workerScript(callerUrl: string, name: string): { url: URL; entry?: string } {
  if (!callerUrl.endsWith('.ts')) return { url: new URL(`./${name}.js`, callerUrl) };
  return { url: BOOTSTRAP, entry: new URL(`./${name}.ts`, callerUrl).href };
}
