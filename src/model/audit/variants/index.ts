/** The variant table: each variant's name, summary, base, steps and knob defaults, in history order. */
import type { VariantDef } from '../variant.js';
import { legacy } from './legacy.js';
import { modern } from './modern.js';
import { proposedFixed } from './proposed-fixed.js';
import { proposedOrdered } from './proposed-ordered.js';
import { proposed } from './proposed.js';
import { v2_1 } from './v2-1.js';

export const VARIANT_TABLE: readonly VariantDef[] = [legacy, v2_1, proposed, proposedFixed, proposedOrdered, modern];

/** The built-in variants' names, in history order: the matrix's rows. */
export const VARIANT_NAMES: readonly string[] = VARIANT_TABLE.map((v) => v.name);
