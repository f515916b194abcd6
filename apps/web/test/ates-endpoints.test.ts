import { describe, expect, it } from 'vitest';
import { ApiClient, type Fetch } from '../src/api/client';
import { createApi } from '../src/api/endpoints';
import { TokenStore } from '../src/api/tokens';
import { MemoryStorage, fakeJwt, json } from './helpers';

/** An API whose gateway records each request and answers `{}`. */
function recordingApi() {
  const requests: Array<{ method: string; path: string; body: unknown }> = [];
  const fetch: Fetch = async (path, init) => {
    requests.push({
      method: init?.method ?? 'GET',
      path,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    });
    return json(200, {});
  };
  const tokens = new TokenStore(new MemoryStorage());
  tokens.save({ accessToken: fakeJwt({ sub: 'u1', exp: Math.floor(Date.now() / 1000) + 3600 }) });
  return { api: createApi(new ApiClient({ tokens, fetch })), requests };
}

describe('aTES endpoints', () => {
  it('when no day is given, then the statement and summaries ask for today (no query at all)', async () => {
    const { api, requests } = recordingApi();
    await api.accounting.me();
    await api.accounting.summary();
    await api.analytics.summary();
    expect(requests.map((r) => r.path)).toEqual([
      '/api/accounting/me',
      '/api/accounting/summary',
      '/api/analytics/summary',
    ]);
  });

  it('when a day, a range or a grouping is given, then they go in the query string', async () => {
    const { api, requests } = recordingApi();
    await api.accounting.me('2026-11-20');
    await api.accounting.days('2026-11-10', '2026-11-23');
    await api.analytics.mostExpensive('2026-10-01', '2026-11-23', 'week');
    expect(requests.map((r) => r.path)).toEqual([
      '/api/accounting/me?day=2026-11-20',
      '/api/accounting/days?from=2026-11-10&to=2026-11-23',
      '/api/analytics/most-expensive?from=2026-10-01&to=2026-11-23&by=week',
    ]);
  });

  it('when tasks are paged, completed or the day is closed, then the id, cursor and day are in the path', async () => {
    const { api, requests } = recordingApi();
    await api.tasks.mine();
    await api.tasks.all('c 1');
    await api.tasks.complete('t/1');
    await api.accounting.closeDay('2026-11-23');
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/tasks/mine',
      'GET /api/tasks?cursor=c+1',
      'POST /api/tasks/t%2F1/complete',
      'POST /api/accounting/days/2026-11-23/close',
    ]);
  });

  it('when a task is created without a jira id, then the body carries only title and description', async () => {
    const { api, requests } = recordingApi();
    await api.tasks.create({ title: 'Feed', description: '' });
    expect(requests[0]).toMatchObject({
      method: 'POST',
      path: '/api/tasks',
      body: { title: 'Feed', description: '' },
    });
  });
});
