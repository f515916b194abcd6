import {
  identityOf,
  problem,
  Problem as ProblemError,
  requireAuth,
  requireRole,
  type HttpApp,
} from '@garrison/kit';
import { Type } from 'typebox';
import type { AuthDeps } from '../../app/ports.js';
import { login } from '../../app/login.js';
import { clientAddressOf } from './client-address.js';
import { changeOwnPassword, setPassword } from '../../app/passwords.js';
import { logout, refresh } from '../../app/refresh.js';
import { register } from '../../app/register.js';
import type { SigningKeys } from '../../adapters/signing-keys.js';
import type { AuthMetrics } from './auth-metrics.js';
import { answering } from './problems.js';
import {
  clearRefreshCookie,
  crossSiteRefusal,
  refreshCookieOf,
  SESSION_HEADER,
  setRefreshCookie,
  speaksCookieSession,
} from './refresh-cookie.js';
import type { Session } from '../../app/sessions.js';
import type { FastifyReply, FastifyRequest } from 'fastify';

const tags = ['auth'];
const Problem = Type.Object(
  { type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.Optional(Type.String()) },
  { additionalProperties: true, description: 'RFC 9457 problem details' },
);
const SessionBody = Type.Object({
  accessToken: Type.String({ description: 'EdDSA JWT for the Authorization header' }),
  refreshToken: Type.Optional(
    Type.String({
      description: `single use: each refresh returns a new one. Absent for a cookie session (${SESSION_HEADER}: cookie), whose token is in the HttpOnly cookie`,
    }),
  ),
  expiresIn: Type.Integer({ description: 'seconds until the access token expires' }),
  tokenType: Type.Literal('Bearer'),
});
const RefreshBody = Type.Object(
  {
    refreshToken: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 256,
        description: `the token; leave out for a cookie session (then ${SESSION_HEADER}: cookie is required)`,
      }),
    ),
  },
  { additionalProperties: false },
);
const COOKIE_SESSION = `With the header ${SESSION_HEADER}: cookie (the web app) the refresh token travels only in an HttpOnly, SameSite=Strict cookie scoped to /api/auth, never in the body; a cross-site request (Sec-Fetch-Site, Origin) is refused with 403.`;

/** 403 for a cookie-session request that may come from another site (CSRF). */
function refuseCrossSite(req: FastifyRequest): void {
  const reason = crossSiteRefusal(req);
  if (reason) throw problem(403, 'Cross-site request refused', `Refused: ${reason}`);
}

/** The answer of a cookie session: the refresh token goes into the cookie, never into the body. */
function cookieSession(req: FastifyRequest, reply: FastifyReply, deps: AuthDeps, session: Session) {
  const { refreshToken, ...body } = session;
  setRefreshCookie(req, reply, refreshToken, Math.floor(deps.policy.refreshTokenTtlMs / 1000));
  return body;
}

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
        description: `Wrong login or password → 401 (the same answer for both). Attempts are counted per login and client address: after 3, each waits twice as long (1 s … 30 s), at most 10 per 10 minutes → 429 with Retry-After. Another address is not affected. ${COOKIE_SESSION}`,
        body: Type.Object(
          { login: Type.String({ maxLength: 64 }), password: Type.String({ maxLength: 1024 }) },
          { additionalProperties: false },
        ),
        response: { 200: SessionBody, 401: Problem, 403: Problem, 429: Problem, 503: Problem },
      },
    },
    async (req, reply) => {
      const cookieMode = speaksCookieSession(req);
      if (cookieMode) refuseCrossSite(req);
      const session = await answering(reply, () =>
        metrics.login(() => login(deps, { ...req.body, client: clientAddressOf(req) })),
      );
      return cookieMode ? cookieSession(req, reply, deps, session) : session;
    },
  );

  app.post(
    '/api/auth/refresh',
    {
      schema: {
        tags,
        summary: 'Exchange a refresh token for a new pair (rotation)',
        description: `A refresh token works once. Presenting a used one again revokes the whole session (401). The token comes from the body or, when the body has none, from the cookie. A body token sent with ${SESSION_HEADER}: cookie is answered as a cookie session (how the web app moves a token it stored before into the cookie). ${COOKIE_SESSION}`,
        body: RefreshBody,
        response: { 200: SessionBody, 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (req, reply) => {
      const fromBody = req.body.refreshToken;
      if (fromBody !== undefined && !speaksCookieSession(req))
        return answering(reply, () => metrics.refresh(() => refresh(deps, fromBody)));
      refuseCrossSite(req);
      // A body token with the session header is a web app moving its old stored token into the cookie.
      const presented = fromBody ?? refreshCookieOf(req);
      try {
        if (presented === undefined)
          throw problem(401, 'Invalid refresh token', 'No refresh token was presented');
        const session = await answering(reply, () => metrics.refresh(() => refresh(deps, presented)));
        return cookieSession(req, reply, deps, session);
      } catch (err) {
        // A refused token is dead: the browser stops presenting it. Any other failure (the database
        // away, a 5xx) leaves the cookie alone, since the session may well be fine.
        if (err instanceof ProblemError && err.status === 401) clearRefreshCookie(req, reply);
        throw err;
      }
    },
  );

  app.post(
    '/api/auth/logout',
    {
      schema: {
        tags,
        summary: 'End the session the refresh token belongs to',
        description: `The token comes from the body or, when the body has none, from the cookie, which is then cleared. ${COOKIE_SESSION}`,
        body: RefreshBody,
        response: { 204: Type.Null(), 403: Problem },
      },
    },
    async (req, reply) => {
      const fromBody = req.body.refreshToken;
      if (fromBody === undefined) {
        refuseCrossSite(req);
        const fromCookie = refreshCookieOf(req);
        if (fromCookie !== undefined) await answering(reply, () => logout(deps, fromCookie));
        clearRefreshCookie(req, reply);
      } else {
        await answering(reply, () => logout(deps, fromBody));
      }
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
