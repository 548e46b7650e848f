/**
 * `npm run bench [-- --json] [-- --only <section>]`: runs every section and prints one line per figure
 * (`section.name: value unit`), or one JSON object keyed by section. See bench/section.ts to add one.
 * The whole run takes about a quarter of an hour on 2 cores (most of it `por` and `scale`); `--only`
 * runs one section. `scale` runs last because peak RSS is per process.
 */
import type { BenchSection, Figures } from './section.js';
import * as synthetic from './synthetic.js';
import * as audit from './audit.js';
import * as memory from './memory.js';
import * as por from './por.js';
import * as scale from './scale.js';
import * as symmetry from './symmetry.js';
import * as unbounded from './unbounded.js';

const sections: Record<string, BenchSection> = {
  synthetic,
  audit,
  memory,
  por,
  symmetry,
  unbounded,
  scale,
};

function parseArgs(argv: readonly string[]): { json: boolean; only: string | undefined } {
  let json = false;
  let only: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') json = true;
    else if (a === '--only') only = argv[++i];
    else if (a.startsWith('--only=')) only = a.slice('--only='.length);
    else throw new Error(`bench: unknown argument ${a} (use --json, --only <${Object.keys(sections).join('|')}>)`);
  }
  if (only !== undefined && !(only in sections)) throw new Error(`bench: no section ${only} (have ${Object.keys(sections).join(', ')})`);
  return { json, only };
}

async function main(): Promise<void> {
  const { json, only } = parseArgs(process.argv.slice(2));
  const out: Record<string, Figures> = {};
  for (const [name, section] of Object.entries(sections)) {
    if (only === undefined ? section.optIn === true : name !== only) continue;
    const figures = await section.run();
    out[name] = figures;
    if (!json) {
      for (const [key, value] of Object.entries(figures)) {
        // A nested record (e.g. synthetic.parallel) prints one line per figure.
        const flat = typeof value === 'object' ? Object.entries(value).map(([k, v]) => [`${key}.${k}`, v] as const) : [[key, value] as const];
        for (const [k, v] of flat) {
          const unit = section.units?.[k];
          console.log(`${name}.${k}: ${v}${unit === undefined ? '' : ` ${unit}`}`);
        }
      }
    }
  }
  if (json) console.log(JSON.stringify(out));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
