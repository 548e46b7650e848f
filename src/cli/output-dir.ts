/**
 * The `--out` directory: checked before any search (so a bad one costs nothing), and written as one
 * unit after the searches: every file is first written to a staging directory inside it and only
 * then renamed into place, so a failure leaves no half-written set, and a set that differs from one
 * already there is replaced only with --force.
 */
import { constants } from 'node:fs';
import { access, lstat, mkdir, mkdtemp, readFile, rename, rm, rmdir, stat, statfs, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { UsageError } from './usage-error.js';

/** Linux PATH_MAX and NAME_MAX: longer paths fail in the kernel anyway, so say so up front. */
const PATH_MAX = 4095;
const NAME_MAX = 255;
/**
 * Pseudo-filesystems that are no place for files (procfs, sysfs, devtmpfs, devpts). Node's
 * recursive mkdir never returns under /proc, so they are refused by type before any mkdir.
 */
const PSEUDO_FS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'procfs'],
  [0x62656572, 'sysfs'],
  [0x01021994, 'devtmpfs'],
  [0x1cd1, 'devpts'],
]);

function errCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? String(e);
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (e) {
    if (errCode(e) === 'ENOENT' || errCode(e) === 'ENOTDIR') return false;
    throw e;
  }
}

/**
 * Makes sure `dir` exists and can take files, creating missing directories one level at a time.
 * Throws UsageError (one line, naming the path and the reason) when it cannot.
 */
export async function prepareOutDir(dir: string): Promise<void> {
  const bad = (why: string): UsageError => new UsageError(`--out ${shorten(dir)}: ${why}`);
  const abs = resolve(dir);
  if (abs.length > PATH_MAX) throw bad(`path is ${abs.length} characters, more than ${PATH_MAX}`);
  if (abs.split(sep).some((part) => Buffer.byteLength(part) > NAME_MAX)) throw bad(`a name in the path is longer than ${NAME_MAX} bytes`);
  const missing: string[] = [];
  let at = abs;
  while (!(await exists(at))) {
    missing.unshift(at);
    at = dirname(at);
  }
  try {
    if (!(await stat(at)).isDirectory()) throw bad(`${shorten(at)} is not a directory`);
    const fs = PSEUDO_FS.get(Number((await statfs(at)).type));
    if (fs !== undefined) throw bad(`${shorten(at)} is on ${fs}, not a place for files`);
    await access(at, constants.W_OK | constants.X_OK);
    for (const d of missing) await mkdirShared(d);
    // Permission bits do not tell a read-only mount, and root passes access(): try it.
    await rmdir(await mkdtemp(join(abs, '.audit-check-probe-')));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw bad(`cannot write there (${errCode(e)})`);
  }
}

/** mkdir that lets another process (a parallel shard) create `d` first, if it made a directory. */
async function mkdirShared(d: string): Promise<void> {
  try {
    await mkdir(d);
  } catch (e) {
    if (errCode(e) !== 'EEXIST' || !(await stat(d)).isDirectory()) throw e;
  }
}

function shorten(path: string): string {
  return path.length <= 60 ? path : `${path.slice(0, 28)}...${path.slice(-28)}`;
}

/** One counterexample set: its base name and the files (name, text) it consists of. */
export interface SetFiles {
  readonly base: string;
  readonly files: readonly (readonly [string, string])[];
}

export type CommitOutcome =
  | { readonly kind: 'written'; readonly paths: readonly string[] }
  /** Files already in `dir` differ from what this run found; nothing was changed. */
  | { readonly kind: 'refused'; readonly differing: readonly string[] }
  /** Writing failed; nothing was changed. */
  | { readonly kind: 'failed'; readonly reason: string };

/**
 * Writes `sets` into `dir` and removes the files named in `stale` (sets of cells that now hold), as
 * one unit: nothing changes unless every file could be staged, and files that differ from what is
 * there are replaced only when `force` is set.
 */
export async function commitSets(dir: string, sets: readonly SetFiles[], stale: readonly string[], force: boolean): Promise<CommitOutcome> {
  const files = sets.flatMap((s) => s.files);
  const present = await filterAsync(stale, (name) => exists(join(dir, name)));
  if (files.length === 0 && present.length === 0) return { kind: 'written', paths: [] };
  let staging: string | undefined;
  try {
    staging = await mkdtemp(join(dir, '.staging-'));
    for (const [name, text] of files) await writeFile(join(staging, name), text);
    const differing: string[] = [...present];
    for (const [name, text] of files) {
      const target = join(dir, name);
      if (!(await exists(target))) continue;
      if (!(await lstat(target)).isFile()) return { kind: 'failed', reason: `${target} is not a regular file` };
      if ((await readFile(target, 'utf8')) !== text) differing.push(name);
    }
    if (differing.length > 0 && !force) return { kind: 'refused', differing };
    for (const [name] of files) await rename(join(staging, name), join(dir, name));
    for (const name of present) await rm(join(dir, name), { force: true });
    return { kind: 'written', paths: files.map(([name]) => join(dir, name)) };
  } catch (e) {
    return { kind: 'failed', reason: `${errCode(e)}${e instanceof Error && 'path' in e ? ` on ${String(e.path)}` : ''}` };
  } finally {
    if (staging !== undefined) await rm(staging, { recursive: true, force: true });
  }
}

async function filterAsync<T>(items: readonly T[], keep: (x: T) => Promise<boolean>): Promise<T[]> {
  const flags = await Promise.all(items.map(keep));
  return items.filter((_, i) => flags[i]);
}
