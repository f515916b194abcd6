import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// needs* read their server address at import, so each case runs in a fresh process.
const tsx = createRequire(import.meta.url).resolve('tsx/cli');
const script = new URL('../fixtures/probe-postgres.ts', import.meta.url).pathname;

function probe(env: Record<string, string>) {
  return spawnSync(process.execPath, [tsx, script], {
    env: { ...process.env, GARRISON_TEST_POSTGRES_URL: 'postgres://postgres@127.0.0.1:1/postgres', ...env },
    encoding: 'utf8',
  });
}

describe('needsPostgres', () => {
  it('when PostgreSQL is absent outside CI, then it returns null and says it skips', () => {
    const run = probe({ CI: '' });
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe('null');
    expect(run.stderr).toContain('skipping: PostgreSQL not reachable at 127.0.0.1:1');
  });

  it('when PostgreSQL is absent in CI, then it throws', () => {
    const run = probe({ CI: 'true' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('PostgreSQL is required in CI but not reachable at 127.0.0.1:1');
  });
});
