import { defineConfig } from 'vitest/config';
export default defineConfig({ test: { root: '/work/main', include: ['deploy/test/**/*.test.ts'], pool: 'forks', testTimeout: 30000, hookTimeout: 120000 } });
