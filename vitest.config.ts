import { defineConfig } from 'vitest/config';

// Tests talk to the real Postgres, Redis and Chromium. Each test file makes its own database and queue
// prefix, so files may run in parallel; two forks match the two cores of the machines we run on.
export default defineConfig({
  test: {
    include: [
      'lib/**/*.test.ts',
      'config/**/*.test.ts',
      'db/**/*.test.ts',
      'queues/**/*.test.ts',
      'workers/**/*.test.ts',
      'web/**/*.test.ts',
      'scripts/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    // what the machine must have (Chromium, redis-server, Postgres and Redis running): installed or named at once
    globalSetup: ['test/globalSetup.ts'],
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    // workers log as JSON on stderr; keep test output to warnings and worse
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
  },
});
