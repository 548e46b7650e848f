/** prepareOutDir: parallel shards may share one --out, so creating it must not race. */
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareOutDir } from '../../src/cli/output-dir.js';

describe('prepareOutDir', () => {
  it('creates a missing directory once when several callers ask at the same moment', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'audit-check-out-')), 'a', 'b', 'c');
    await Promise.all(Array.from({ length: 8 }, () => prepareOutDir(dir)));
    expect(statSync(dir).isDirectory()).toBe(true);
  });

  it('still refuses a path whose parent is a file', async () => {
    const root = mkdtempSync(join(tmpdir(), 'audit-check-out-'));
    const file = join(root, 'f');
    await import('node:fs/promises').then((fs) => fs.writeFile(file, ''));
    await expect(prepareOutDir(join(file, 'x'))).rejects.toThrow(/is not a directory/);
  });
});
