/**
 * Everything a variant file needs, handed to it as one object so the file imports nothing from the
 * tool and loads the same from a clone or an install: the kernel primitives, the step helpers, the
 * task and admin program counters, and the built-in step builders to reuse or wrap.
 *
 *   export default (k: VariantKit) => ({ name: 'my-fix', base: 'proposed-fixed', summary: '...',
 *     steps: { exit_tail: (env, t) => k.taskStep(env, t, { ... }) } });
 */
import * as program from '../kernel/program.js';
import { at, knob, taskStep } from './env.js';
import { ADMIN, PC } from './fields.js';
import * as admin from './steps/admin.js';
import * as exit from './steps/exit.js';
import * as fork from './steps/fork.js';
import * as syscall from './steps/syscall.js';

export const VARIANT_KIT = {
  ...program,
  at, knob, taskStep, PC, ADMIN,
  steps: { ...syscall, ...exit, ...fork, ...admin },
} as const;

export type VariantKit = typeof VARIANT_KIT;
export type { VariantDef, StepTable, TaskSteps, AdminSteps } from './variant.js';
export type { Env } from './env.js';
export type { TaskFields } from './fields.js';
