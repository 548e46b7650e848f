/**
 * DOT → SVG in-process with @hpcc-js/wasm-graphviz: Graphviz compiled to WebAssembly and embedded in
 * the package, so no system Graphviz and no network are needed. One Graphviz build serves every
 * render; the module is loaded once per process.
 */
import { Graphviz } from '@hpcc-js/wasm-graphviz';

let loading: Promise<Graphviz> | undefined;

/** Lays out `dot` with Graphviz `dot` and returns the SVG text. Deterministic for a given input. */
export async function renderSvg(dot: string): Promise<string> {
  loading ??= Graphviz.load();
  const graphviz = await loading;
  return graphviz.dot(dot, 'svg');
}
