import { defineConfig } from 'vitest/config';

// Tests that take shared infrastructure away from everyone else — the broker outage test stops the
// machine's RabbitMQ — run in a project of their own, after every other file has finished: vitest
// runs files in parallel forks, and a file starting while the broker is down would fail
// (needsRabbit throws under CI=true). See docs/reliability.md.
const DISRUPTIVE = ['tests/e2e/ates-reliability-broker.test.ts'];

// One run for every tier: unit and component tests live in each workspace's test/ folder,
// black-box scenarios in tests/e2e. Component tests reach real PostgreSQL and RabbitMQ.
export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'garrison',
          include: [
            '{packages,services,apps}/*/test/**/*.test.ts',
            '{contracts,deploy,bench}/test/**/*.test.ts',
            'tests/e2e/**/*.test.ts',
          ],
          exclude: ['**/node_modules/**', '**/dist/**', ...DISRUPTIVE],
        },
      },
      {
        extends: true,
        test: {
          name: 'disruptive',
          include: DISRUPTIVE,
          // groups run from the lowest number up; everything else is in group 0
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
