import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['server/test/global-setup.ts'],
    pool: 'forks',
    // Vitest's default on 2 cores is one worker; most server tests wait on a database, so 3 share the cores well.
    maxWorkers: 3,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Password hashing at 2^11 instead of 2^15: the accounts tests hash hundreds of times (server/auth/passwords.ts).
    env: { LP_TEST_SCRYPT_LN: '11' },
    reporters: ['default', './scripts/summary-reporter.ts'],
  },
});
