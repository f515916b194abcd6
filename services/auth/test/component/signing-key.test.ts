import { createLocalJWKSet, jwtVerify } from 'jose';
import { createService } from '@garrison/kit';
import { createTestDatabase, needsPostgres, type TestDatabase } from '@garrison/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jwtIssuer, SigningKeys } from '../../src/adapters/signing-keys.js';
import { authService } from '../../src/service.js';
import { request } from './system.js';

const pg = await needsPostgres();

describe.skipIf(!pg)('the token signing key', () => {
  const databases: TestDatabase[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    const [db, bus] = await Promise.all([
      createTestDatabase('auth_keys'),
      createTestDatabase('auth_keys_bus'),
    ]);
    databases.push(db, bus);
    env = {
      HTTP_PORT: '0',
      GRPC_PORT: '0',
      LOG_LEVEL: 'warn',
      DATABASE_URL: db.url,
      GARRISON_BUS: 'pgboss',
      BUS_DATABASE_URL: bus.url,
      BUS_PREFIX: `keys${Date.now()}.`,
    };
  });
  afterAll(async () => {
    await Promise.all(databases.map((d) => d.drop()));
  });

  it('when auth restarts on the same database, then it keeps its key: old JWKS still verifies new tokens', async () => {
    const first = await createService(authService, env);
    const jwksBefore = (await request(first.httpUrl, 'GET', '/api/auth/jwks')).body;
    await first.stop();

    const second = await createService(authService, env);
    try {
      const jwksAfter = (await request(second.httpUrl, 'GET', '/api/auth/jwks')).body;
      expect(jwksAfter).toEqual(jwksBefore);
      expect(jwksAfter.keys).toHaveLength(1);
      expect(jwksAfter.keys[0]).not.toHaveProperty('d'); // never the private part
      // A token signed after the restart (through the adapter the login route uses) verifies with the
      // key set published before it.
      const { token } = await jwtIssuer(new SigningKeys(second.ctx.db), 60).issue({
        id: 'u1',
        login: 'u1',
        roles: [],
      });
      const { payload } = await jwtVerify(token, createLocalJWKSet(jwksBefore), {
        issuer: 'garrison',
        audience: 'garrison',
      });
      expect(payload.sub).toBe('u1');
    } finally {
      await second.stop();
    }
  });
});
