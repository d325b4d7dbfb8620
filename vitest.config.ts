import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{shared,principal,agent,test}/src/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 10_000,
  },
});
