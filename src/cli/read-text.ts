/** Reads a file the user named, as text; a missing or unreadable file is one UsageError line. */
import { readFile } from 'node:fs/promises';
import { UsageError, oneLine } from './usage-error.js';

export async function readUserFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : oneLine(String(e))}`);
  }
}
