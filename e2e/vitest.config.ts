import { defineConfig } from 'vitest/config';

/** Browser tests of the composed /app and the demo page against a real running server (DESIGN "Tests"). */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    environment: 'node',
    globalSetup: ['e2e/global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', './scripts/summary-reporter.ts'],
  },
});
