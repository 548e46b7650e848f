/**
 * Loaded by a worker thread before it builds its model (a ProtocolRef's `modules`): registers the
 * variant file named by this module URL's `file` parameter, as `--variant-file` did on the main
 * thread, so a user's variant runs on worker threads too (closures do not cross threads).
 */
import { loadVariantFile } from './variant-file.js';

const file = new URL(import.meta.url).searchParams.get('file');
if (file !== null) await loadVariantFile(file);

/** The module URL that registers the variant in `path` on the thread that imports it. */
export function registrationUrl(path: string): string {
  const url = new URL(import.meta.url);
  url.search = new URLSearchParams({ file: path }).toString();
  return url.href;
}
