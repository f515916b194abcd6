import { defineConfig } from 'vitest/config';

// Tests that take shared infrastructure away from everyone else — the broker outage test stops the
// machine's RabbitMQ — run in a project of their own, after every other file has finished: vitest
// runs files in parallel forks, and a file starting while the broker is down would fail
// (needsRabbit throws under CI=true). See docs/reliability.md.
const DISRUPTIVE = ['tests/e2e/ates-reliability-broker.test.ts'];

// The deploy suites drive podman, promtool and a real Prometheus (deploy/test/ops): heavy, so they run
// last, on their own (`npm run test:deploy`). See docs/monitoring.md.
const DEPLOY = ['deploy/test/ops/**/*.test.ts'];

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
          exclude: ['**/node_modules/**', '**/dist/**', ...DISRUPTIVE, ...DEPLOY],
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
      {
        extends: true,
        test: {
          name: 'deploy',
          include: DEPLOY,
          // building the image on a cold machine takes minutes
          hookTimeout: 900_000,
          testTimeout: 120_000,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
      {
        extends: true,
        test: {
          // Two instances of every service: it needs the machine to itself, so it runs last (docs/discovery.md).
          name: 'cluster',
          include: ['tests/cluster/**/*.test.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 3 },
        },
      },
    ],
  },
});
