/**
 * The seam, checked on the source: no file under src/cli or src/report imports the audit protocol
 * (src/model/audit, src/invariants/audit*, src/protocols/audit*). What a protocol brings to the command
 * line goes through src/cli/protocol-cli.ts. Fails when a generic file grows an audit import again.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const AUDIT = [/^src\/model\/audit\//, /^src\/invariants\/audit[^/]*$/, /^src\/protocols\/audit[^/]*(\/|$)/];

/**
 * Files that still import audit, each with why; the test fails when one of them no longer does, so
 * the list cannot go stale.
 */
const ALLOWED: Readonly<Record<string, string>> = {
  // src/litmus/export/export.spec.ts imports `replay` from this path (not ours to edit).
  'src/cli/commands/replay.ts': 'a shim re-exporting the audit replay for export.spec.ts',
  // test/report/lasso.spec.ts imports NO_LITMUS_FOR_LASSO from this path (not ours to edit).
  'src/cli/write-set.ts': 're-exports the audit protocol\'s NO_LITMUS_FOR_LASSO for lasso.spec.ts',
};

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** The repository paths `file` imports (static, re-exports and dynamic), without the .js. */
function imports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specs = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.[^'"]+)['"]/g)].map((m) => m[1]!);
  return specs.map((s) => relative(ROOT, resolve(dirname(join(ROOT, file)), s)).replace(/\.js$/, ''));
}

const auditImports = (file: string): string[] => imports(file).filter((p) => AUDIT.some((re) => re.test(p)));

describe('src/cli and src/report do not import the audit protocol', () => {
  const files = [...sources('src/cli'), ...sources('src/report')];

  it('finds the files and their imports (a scan that sees nothing proves nothing)', () => {
    expect(files.length).toBeGreaterThan(30);
    // The scan resolves relative imports: it must see the one allowed audit import.
    expect(auditImports('src/cli/commands/replay.ts').length).toBeGreaterThan(0);
  });

  it('no file outside the allow-list imports audit', () => {
    const offending = files.filter((f) => ALLOWED[f] === undefined).flatMap((f) => auditImports(f).map((p) => `${f} imports ${p}`));
    expect(offending).toEqual([]);
  });

  it('every allowed file still needs its exception', () => {
    expect(Object.keys(ALLOWED).filter((f) => auditImports(f).length === 0)).toEqual([]);
  });
});
