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
    // The scan resolves relative imports: it must see the audit imports of the audit protocol's CLI.
    expect(auditImports('src/protocols/audit-cli/index.ts').length).toBeGreaterThan(0);
  });

  it('no file imports audit', () => {
    const offending = files.flatMap((f) => auditImports(f).map((p) => `${f} imports ${p}`));
    expect(offending).toEqual([]);
  });
});
