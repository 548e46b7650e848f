/**
 * Memory models (`npm run bench -- --only memory`, JSON key "memory"): states and seconds for every
 * variant under sc, x86-tso and store-reordering at the default bounds, every invariant and deadlock
 * in one search, with and without partial-order reduction (`<variant>.<model>.<por|full>.states`,
 * `.seconds`), the POR ratio per cell, and how often a full store buffer cut the search short
 * (`.bounded`: true means `holds` there is bounded by --store-buffer).
 */
import { buildAuditModel, DEFAULT_BOUNDS, VARIANT_NAMES } from '../src/model/audit/index.js';
import { MEMORY_MODELS } from '../src/model/kernel/memory.js';
import { auditInvariants } from '../src/invariants/audit.js';
import { check } from '../src/checker/index.js';
import type { Figures } from './section.js';

export const units: Readonly<Record<string, string>> = Object.fromEntries(
  VARIANT_NAMES.flatMap((v) => MEMORY_MODELS.flatMap((m) => [[`${v}.${m}.por.seconds`, 's'], [`${v}.${m}.full.seconds`, 's']])),
);

export async function run(): Promise<Figures> {
  const out: Figures = {};
  for (const variant of VARIANT_NAMES) {
    for (const memoryModel of MEMORY_MODELS) {
      const key = `${variant}.${memoryModel}`;
      const states: Record<string, number> = {};
      for (const por of [true, false]) {
        const model = buildAuditModel({ variant, bounds: DEFAULT_BOUNDS, knobs: {}, memoryModel });
        const t0 = performance.now();
        const result = check(model, auditInvariants(model), { por, deadlock: true });
        const mode = por ? 'por' : 'full';
        states[mode] = result.stats.states;
        out[`${key}.${mode}.states`] = result.stats.states;
        out[`${key}.${mode}.seconds`] = Number(((performance.now() - t0) / 1000).toFixed(2));
        if (!por) out[`${key}.bounded`] = (model.underApproximations?.().length ?? 0) > 0;
      }
      out[`${key}.porRatio`] = Number((states['full']! / states['por']!).toFixed(2));
    }
  }
  return out;
}
