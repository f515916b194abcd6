import { identityOf, requireAuth, requireRole, type HttpApp } from '@garrison/kit';
import { Type } from 'typebox';
import type { AuthDeps } from '../../app/ports.js';
import { login } from '../../app/login.js';
import { changeOwnPassword, setPassword } from '../../app/passwords.js';
import { logout, refresh } from '../../app/refresh.js';
import { register } from '../../app/register.js';
import type { SigningKeys } from '../../adapters/signing-keys.js';
import type { AuthMetrics } from './auth-metrics.js';
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
const RefreshBody = Type.Object(
  { refreshToken: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);

export function registerAuthRoutes(
  app: HttpApp,
  deps: AuthDeps,
  keys: SigningKeys,
  metrics: AuthMetrics,
): void {
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
      const user = await answering(reply, () => metrics.register(() => register(deps, req.body)));
      return reply.code(201).send(user);
    },
  );

  app.post(
    '/api/auth/login',
    {
      schema: {
        tags,
        summary: 'Log in: an access token and a refresh token',
        description:
          'Wrong login or password → 401 (the same answer for both). Repeated failures per login → 429 with Retry-After.',
        body: Type.Object(
          { login: Type.String({ maxLength: 64 }), password: Type.String({ maxLength: 1024 }) },
          { additionalProperties: false },
        ),
        response: { 200: SessionBody, 401: Problem, 403: Problem, 429: Problem, 503: Problem },
      },
    },
    async (req, reply) => answering(reply, () => metrics.login(() => login(deps, req.body))),
  );

  app.post(
    '/api/auth/refresh',
    {
      schema: {
        tags,
        summary: 'Exchange a refresh token for a new pair (rotation)',
        description:
          'A refresh token works once. Presenting a used one again revokes the whole session (401).',
        body: RefreshBody,
        response: { 200: SessionBody, 401: Problem },
      },
    },
    async (req, reply) => answering(reply, () => metrics.refresh(() => refresh(deps, req.body.refreshToken))),
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

  // The routes above are public (the gateway lets them through without a token); these two are not.
  app.put(
    '/api/auth/users/:id/password',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags,
        summary: 'Set a user’s password (admin)',
        description:
          'Lets an account created through POST /api/users log in, or resets a forgotten password. Ends every session of the user.',
        params: Type.Object({ id: Type.String({ description: 'user id (UUID)' }) }),
        body: Type.Object({ password: Type.String({ maxLength: 1024 }) }, { additionalProperties: false }),
        response: { 204: Type.Null(), 400: Problem, 401: Problem, 403: Problem, 404: Problem, 503: Problem },
      },
    },
    async (req, reply) => {
      await answering(reply, () => setPassword(deps, req.params.id, req.body.password));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/auth/password',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'Change your own password',
        description: 'Needs the current password. Ends every session of the user: log in again afterwards.',
        body: Type.Object(
          {
            currentPassword: Type.String({ maxLength: 1024 }),
            newPassword: Type.String({ maxLength: 1024 }),
          },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), 400: Problem, 401: Problem },
      },
    },
    async (req, reply) => {
      await answering(reply, () => changeOwnPassword(deps, identityOf(req).userId, req.body));
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
                {
                  kid: Type.Optional(Type.String()),
                  kty: Type.Optional(Type.String()),
                  alg: Type.Optional(Type.String()),
                },
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
