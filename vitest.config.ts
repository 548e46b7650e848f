import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts', 'properties/**/*.spec.ts', 'test/**/*.spec.ts'],
    setupFiles: ['properties/seed.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
