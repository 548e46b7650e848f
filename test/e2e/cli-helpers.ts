/**
 * Runs the built CLI (`dist/src/cli/main.js`, as `npx audit-check` does) as a child process.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Fails loudly when the build is missing (`npm test` builds first; `npx vitest` alone does not). */
export function requireBuild(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
}

export function runCli(args: readonly string[], cwd: string = ROOT): Promise<Run> {
  return runCliUntil(args, cwd);
}

/**
 * Like {@link runCli}; when stderr first matches `signalWhen`, the child gets `signal` (as a terminal
 * sends SIGINT for Ctrl-C).
 */
export function runCliUntil(
  args: readonly string[],
  cwd: string = ROOT,
  signalWhen?: { readonly stderr: RegExp; readonly signal: NodeJS.Signals },
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (signalWhen !== undefined && !signalled && signalWhen.stderr.test(stderr)) {
        signalled = true;
        child.kill(signalWhen.signal);
      }
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** The lines of `text` that are not empty. */
export function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim().length > 0);
}
