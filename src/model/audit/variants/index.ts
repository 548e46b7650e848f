/** The variant table: name -> what it changes relative to the base steps. */
import type { VariantName } from '../config.js';
import type { VariantSpec } from '../variant.js';
import { legacy } from './legacy.js';
import { modern } from './modern.js';
import { proposedFixed } from './proposed-fixed.js';
import { proposed } from './proposed.js';
import { v2_1 } from './v2-1.js';

export const VARIANT_SPECS: Readonly<Record<VariantName, VariantSpec>> = {
  legacy,
  'v2.1': v2_1,
  proposed,
  'proposed-fixed': proposedFixed,
  modern,
};
