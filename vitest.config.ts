import { defineConfig } from 'vitest/config';

// One run for every tier: unit and component tests live in each workspace's test/ folder,
// black-box scenarios in tests/e2e. Component tests reach real PostgreSQL and RabbitMQ.
export default defineConfig({
  test: {
    include: [
      '{packages,services,apps}/*/test/**/*.test.ts',
      '{contracts,deploy,bench}/test/**/*.test.ts',
      'tests/e2e/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
