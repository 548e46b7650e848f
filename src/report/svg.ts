/**
 * DOT → SVG in-process with @hpcc-js/wasm-graphviz: Graphviz compiled to WebAssembly and embedded in
 * the package, so no system Graphviz and no network are needed. One Graphviz build serves every
 * render; the module is loaded once per process. Chosen over graphviz-cli's own WebAssembly build
 * because it runs in-process (no child process per graph), is a newer Graphviz (16.1) and is about
 * twice as fast; the project carries this one build only.
 */
import { Graphviz } from '@hpcc-js/wasm-graphviz';

let loading: Promise<Graphviz> | undefined;

/** Lays out `dot` with Graphviz `dot` and returns the SVG text. Deterministic for a given input. */
export async function renderSvg(dot: string): Promise<string> {
  loading ??= Graphviz.load();
  const graphviz = await loading;
  return graphviz.dot(dot, 'svg');
}
