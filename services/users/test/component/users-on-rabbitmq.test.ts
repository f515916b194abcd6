import { randomUUID } from 'node:crypto';
import {
  needsPostgres,
  needsRabbit,
  startTestService,
  type TestService,
  httpClient,
} from '@garrison/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UsersDatabase } from '../../src/adapters/database.js';
import type { config } from '../../src/config.js';
import { usersService } from '../../src/service.js';

const pg = await needsPostgres();
const rabbit = await needsRabbit();

// The cluster transport: the same events reach RabbitMQ (topic exchange users.events).
describe.skipIf(!pg || !rabbit)('users service on RabbitMQ', () => {
  let svc: TestService<UsersDatabase, typeof config>;
  const admin = { id: randomUUID(), roles: ['admin'] };

  beforeAll(async () => {
    svc = await startTestService(usersService, { bus: 'amqp' });
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it('when an account is created and its roles changed, then both events are published through RabbitMQ', async () => {
    const call = httpClient(svc.url);
    const created = await call('POST', '/api/users', {
      as: admin,
      body: { login: 'rabbit.fan', displayName: 'Fan' },
    });
    expect(created.status).toBe(201);
    await call('PUT', `/api/users/${created.body.id}/roles`, { as: admin, body: { roles: ['accountant'] } });
    const roles = await svc.events.waitFor<{ id: string }>(
      'user.roles-changed',
      (e) => e.data.id === created.body.id,
    );
    expect(roles.data).toMatchObject({ roles: ['accountant'], previousRoles: ['worker', 'player'] });
    await svc.events.waitFor<{ id: string }>('user.created', (e) => e.data.id === created.body.id);
  });
});
