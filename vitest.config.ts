import { defineConfig } from 'vitest/config';
import { SummaryReporter } from './test/summary-reporter.js';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts', 'properties/**/*.spec.ts', 'test/**/*.spec.ts'],
    setupFiles: ['properties/seed.ts'],
    reporters: ['default', new SummaryReporter()],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
