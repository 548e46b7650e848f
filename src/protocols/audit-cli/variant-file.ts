/**
 * `--variant-file FILE`: a user's variant, a patch over a built-in one, loaded at run time with no
 * build step. A .ts file is transpiled in-process by jiti (Node 20 cannot run TypeScript itself).
 * The file's default export is the variant, or a function of the {@link VARIANT_KIT} returning it.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { registerVariant } from '../../model/audit/registry.js';
import { AuditConfigError } from '../../model/audit/config.js';
import { VARIANT_KIT } from '../../model/audit/kit.js';
import type { VariantDef } from '../../model/audit/variant.js';
import { UsageError, oneLine } from '../../cli/usage-error.js';

/** The files the variants registered on this thread came from, by variant name. */
const files = new Map<string, string>();

/** The absolute path of the file `variant` was loaded from, if it came from one. */
export function variantFileOf(variant: string): string | undefined {
  return files.get(variant);
}

/** Loads and registers the variant in `file`; returns its name. Every failure is one UsageError line. */
export async function loadVariantFile(file: string): Promise<string> {
  const path = resolve(file);
  // Loaded already on this thread (a worker's registration module runs on the main thread too).
  for (const [name, from] of files) if (from === path) return name;
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new UsageError(`--variant-file ${file}: no such file`);
  }
  if (!isFile) throw new UsageError(`--variant-file ${file}: not a file`);
  let mod: unknown;
  try {
    // Loaded only when a variant file is given: it is the largest module the CLI has.
    const { createJiti } = await import('jiti');
    mod = await createJiti(import.meta.url, { moduleCache: false }).import(path);
  } catch (e) {
    throw new UsageError(`--variant-file ${file}: cannot load it: ${oneLine((e as Error).message)}`);
  }
  const exported = isRecord(mod) && 'default' in mod ? mod['default'] : mod;
  let def: unknown;
  try {
    def = typeof exported === 'function' ? (exported as (k: typeof VARIANT_KIT) => unknown)(VARIANT_KIT) : exported;
  } catch (e) {
    throw new UsageError(`--variant-file ${file}: its default export threw: ${oneLine((e as Error).message)}`);
  }
  const variant = checkShape(file, def);
  try {
    registerVariant(variant);
  } catch (e) {
    if (e instanceof AuditConfigError) throw new UsageError(`--variant-file ${file}: ${e.message}`);
    throw e;
  }
  files.set(variant.name, path);
  return variant.name;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** The export as a VariantDef, or a UsageError naming the first field that is wrong. */
function checkShape(file: string, v: unknown): VariantDef {
  const bad = (what: string) => new UsageError(`--variant-file ${file}: ${what}`);
  if (!isRecord(v)) throw bad('the default export must be a variant object, or a function returning one');
  for (const key of ['name', 'summary', 'base'] as const) {
    if (typeof v[key] !== 'string' || v[key] === '') throw bad(`"${key}" must be a non-empty string`);
  }
  if (!/^[a-z0-9][a-z0-9.-]*$/.test(v['name'] as string)) throw bad(`"name" must be lower-case letters, digits, '.' and '-' (it names files)`);
  const steps = v['steps'];
  if (steps !== undefined && (!isRecord(steps) || Object.values(steps).some((f) => typeof f !== 'function'))) {
    throw bad('"steps" must map step names to step builders (functions)');
  }
  const knobs = v['knobs'];
  if (knobs !== undefined && (!isRecord(knobs) || Object.values(knobs).some((x) => typeof x !== 'string'))) {
    throw bad('"knobs" must map knob names to values (strings)');
  }
  return v as unknown as VariantDef;
}
