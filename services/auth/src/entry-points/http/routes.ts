import type { HttpApp } from '@garrison/kit';
import { Type } from 'typebox';
import type { AuthDeps } from '../../app/ports.js';
import { login } from '../../app/login.js';
import { logout, refresh } from '../../app/refresh.js';
import { register } from '../../app/register.js';
import type { SigningKeys } from '../../adapters/signing-keys.js';
import { answering } from './problems.js';

const tags = ['auth'];
const Problem = Type.Object(
  { type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.Optional(Type.String()) },
  { additionalProperties: true, description: 'RFC 9457 problem details' },
);
const SessionBody = Type.Object({
  accessToken: Type.String({ description: 'EdDSA JWT for the Authorization header' }),
  refreshToken: Type.String({ description: 'single use: each refresh returns a new one' }),
  expiresIn: Type.Integer({ description: 'seconds until the access token expires' }),
  tokenType: Type.Literal('Bearer'),
});
const RefreshBody = Type.Object({ refreshToken: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false });

// Every route here is public (the gateway lets them through without a token).
export function registerAuthRoutes(app: HttpApp, deps: AuthDeps, keys: SigningKeys): void {
  app.post(
    '/api/auth/register',
    {
      schema: {
        tags,
        summary: 'Create an account',
        description:
          'login: 3–32 characters of a-z 0-9 _ . - (case-insensitive); password: at least 8 characters. New accounts get the default roles.',
        body: Type.Object(
          {
            login: Type.String({ maxLength: 64 }),
            password: Type.String({ maxLength: 1024 }),
            displayName: Type.String({ maxLength: 200 }),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            id: Type.String({ format: 'uuid' }),
            login: Type.String(),
            displayName: Type.String(),
            roles: Type.Array(Type.String()),
          }),
          400: Problem,
          409: Problem,
          503: Problem,
        },
      },
    },
    async (req, reply) => {
      const user = await answering(reply, () => register(deps, req.body));
      return reply.code(201).send(user);
    },
  );

  app.post(
    '/api/auth/login',
    {
      schema: {
        tags,
        summary: 'Log in: an access token and a refresh token',
        description: 'Wrong login or password → 401 (the same answer for both). Repeated failures per login → 429 with Retry-After.',
        body: Type.Object(
          { login: Type.String({ maxLength: 64 }), password: Type.String({ maxLength: 1024 }) },
          { additionalProperties: false },
        ),
        response: { 200: SessionBody, 401: Problem, 403: Problem, 429: Problem, 503: Problem },
      },
    },
    async (req, reply) => answering(reply, () => login(deps, req.body)),
  );

  app.post(
    '/api/auth/refresh',
    {
      schema: {
        tags,
        summary: 'Exchange a refresh token for a new pair (rotation)',
        description: 'A refresh token works once. Presenting a used one again revokes the whole session (401).',
        body: RefreshBody,
        response: { 200: SessionBody, 401: Problem },
      },
    },
    async (req, reply) => answering(reply, () => refresh(deps, req.body.refreshToken)),
  );

  app.post(
    '/api/auth/logout',
    {
      schema: {
        tags,
        summary: 'End the session the refresh token belongs to',
        body: RefreshBody,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await answering(reply, () => logout(deps, req.body.refreshToken));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/auth/jwks',
    {
      schema: {
        tags,
        summary: 'Public keys that verify access tokens (JWKS)',
        response: {
          200: Type.Object({
            keys: Type.Array(
              Type.Object(
                { kid: Type.Optional(Type.String()), kty: Type.Optional(Type.String()), alg: Type.Optional(Type.String()) },
                { additionalProperties: true },
              ),
            ),
          }),
        },
      },
    },
    async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return keys.jwks();
    },
  );
}
