/**
 * Ctrl-C: the first SIGINT asks the running search to stop, so what was explored is printed as
 * incomplete; a second one exits at once.
 */
let requested = false;
let installed = false;
const controller = new AbortController();

export function installInterruptHandler(): void {
  if (installed) return;
  installed = true;
  process.on('SIGINT', () => {
    if (requested) process.exit(130);
    requested = true;
    controller.abort();
    process.stderr.write('\naudit-check: interrupted; stopping the search (Ctrl-C again to quit now)\n');
  });
}

export function interruptRequested(): boolean {
  return requested;
}

/** Aborted by the first Ctrl-C, for the library's searches. */
export function interruptSignal(): AbortSignal {
  return controller.signal;
}
