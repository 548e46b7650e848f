/**
 * Structural checks on an SVG written by renderSequenceSvg: tags balance, and every text fits the
 * view box by the renderer's own character width (monospace 12 px, 10 px for arrow labels).
 */
export function svgProblems(svg: string): string[] {
  const problems: string[] = [];
  const view = /viewBox="0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)"/.exec(svg);
  if (view === null) return ['no viewBox'];
  const [w, h] = [Number(view[1]), Number(view[2])];
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z]+)([^>]*?)(\/?)>/g)) {
    const [, close, name, , selfClose] = m;
    if (selfClose === '/') continue;
    if (close === '/') {
      if (stack.pop() !== name) problems.push(`</${name}> closes nothing open`);
    } else stack.push(name!);
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(', ')}`);
  for (const m of svg.matchAll(/<text x="([\d.]+)" y="([\d.]+)"([^>]*)>([^<]*)<\/text>/g)) {
    const [x, y, attrs, raw] = [Number(m[1]), Number(m[2]), m[3]!, m[4]!];
    const text = raw.replace(/&(amp|lt|gt|quot);/g, '_');
    const cw = attrs.includes('font-size="10"') ? 6 : 7.2;
    const len = text.length * cw;
    const [left, right] = attrs.includes('text-anchor="middle"') ? [x - len / 2, x + len / 2] : [x, x + len];
    if (left < 0 || right > w || y - 12 < 0 || y > h) problems.push(`text outside the view box: ${text}`);
  }
  return problems;
}
