import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { identityHeaders, testIdentityJwks, testTokens, waitFor } from '../../src/testing/index.js';

describe('testTokens', () => {
  it('when a token is signed, then it verifies against the published JWKS with its claims', async () => {
    const tokens = await testTokens();
    const jwt = await tokens.sign(
      { sub: 'u1', login: 'ann', roles: ['player'] },
      { issuer: 'garrison', audience: 'garrison' },
    );
    const { payload, protectedHeader } = await jwtVerify(jwt, createLocalJWKSet(tokens.jwks), {
      issuer: 'garrison',
      audience: 'garrison',
    });
    expect(protectedHeader).toEqual({ alg: 'EdDSA', kid: tokens.kid });
    expect(payload).toMatchObject({ sub: 'u1', login: 'ann', roles: ['player'] });
    expect(payload.exp! - payload.iat!).toBe(15 * 60);
  });

  it('when a token comes from another key pair, then verification fails', async () => {
    const [a, b] = await Promise.all([testTokens(), testTokens()]);
    const jwt = await b.sign({ sub: 'u1' });
    await expect(jwtVerify(jwt, createLocalJWKSet(a.jwks))).rejects.toThrow();
  });

  it('when a token has expired, then verification fails', async () => {
    const tokens = await testTokens();
    const jwt = await tokens.sign({ sub: 'u1' }, { expiresIn: Math.floor(Date.now() / 1000) - 10 });
    await expect(jwtVerify(jwt, createLocalJWKSet(tokens.jwks))).rejects.toThrow(/exp/);
  });
});

describe('identityHeaders', () => {
  it('when given a user and roles, then it carries a real token of the process test key with them', async () => {
    const headers = identityHeaders('u1', ['admin', 'player']);
    expect(Object.keys(headers)).toEqual(['authorization']);
    const { payload } = await jwtVerify(
      headers.authorization!.replace(/^Bearer /, ''),
      createLocalJWKSet(testIdentityJwks),
      { issuer: 'garrison', audience: 'garrison', algorithms: ['EdDSA'] },
    );
    expect(payload).toMatchObject({ sub: 'u1', roles: ['admin', 'player'] });
  });
});

describe('waitFor', () => {
  it('when the condition becomes true, then the truthy value is returned', async () => {
    let n = 0;
    const value = await waitFor(() => (++n >= 3 ? { n } : undefined), { intervalMs: 5 });
    expect(value).toEqual({ n: 3 });
  });

  it('when the condition never holds, then it fails after the timeout with the last error', async () => {
    const started = Date.now();
    await expect(
      waitFor(
        () => {
          throw new Error('not yet there');
        },
        { timeoutMs: 120, intervalMs: 10, message: 'the thing' },
      ),
    ).rejects.toThrow(/waitFor: the thing within 120 ms; last error: not yet there/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });
});
