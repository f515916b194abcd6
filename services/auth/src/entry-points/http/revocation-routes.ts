import { Type } from 'typebox';
import type { HttpApp } from '@garrison/kit';
import type { AuthDeps } from '../../app/ports.js';
import { revocationFeed } from '../../app/revocation-feed.js';

/**
 * `GET /internal/revocations?after=<cursor>`: the feed every service's identity check follows
 * (ADR 153). Outside /api, so the gateway never routes it: only callers on the internal network
 * reach it. Hidden from the public API documents.
 */
export function registerRevocationFeed(app: HttpApp, deps: AuthDeps, tokenLifetimeSeconds: number): void {
  app.get(
    '/internal/revocations',
    {
      schema: {
        hide: true,
        querystring: Type.Object({ after: Type.Optional(Type.Integer({ minimum: 0 })) }),
      },
    },
    async (req) => revocationFeed(deps, req.query.after ?? 0, tokenLifetimeSeconds),
  );
}
