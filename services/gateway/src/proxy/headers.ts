import type { IncomingHttpHeaders } from 'node:http';
import { pooledRandomHex, type TokenIdentity } from '@garrison/kit';

// Hop-by-hop headers (RFC 9110 section 7.6.1) belong to one connection and are never forwarded.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'http2-settings',
]);

/** Identity headers only the gateway may set: anything like them from outside is dropped. */
export function isIdentityHeader(name: string): boolean {
  return name.toLowerCase().startsWith('x-user-');
}

/** Removes every caller-supplied identity header, in place, before anything looks at the request. */
export function stripIdentityHeaders(headers: IncomingHttpHeaders): void {
  for (const name of Object.keys(headers)) if (isIdentityHeader(name)) delete headers[name];
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/**
 * W3C trace context for the upstream hop: the caller's trace id is kept (a new one is started when the
 * caller sent none or a malformed one) and the gateway's hop gets its own span id as the parent.
 */
export function nextTraceparent(incoming: string | undefined): string {
  const match = incoming ? TRACEPARENT.exec(incoming.trim()) : null;
  const traceId = match && !/^0+$/.test(match[1]!) ? match[1]! : pooledRandomHex(16);
  const flags = match?.[3] ?? '01';
  return `00-${traceId}-${pooledRandomHex(8)}-${flags}`;
}

export interface ForwardContext {
  requestId: string;
  clientIp: string;
  /** "http" or "https" as the client saw it. */
  protocol: string;
  identity: TokenIdentity | undefined;
  /** The token that proved `identity`; the service verifies it again (ADR 152). */
  token?: string;
  /**
   * True only for the route whose service owns the browser's cookie (auth, ADR 250): every other
   * upstream gets no `Cookie` and may not set one, so the refresh cookie cannot leak to it.
   */
  cookies?: boolean;
}

/** The headers an upstream receives: the caller's, minus hop-by-hop and identity ones, plus the gateway's. */
export function upstreamRequestHeaders(
  incoming: IncomingHttpHeaders,
  ctx: ForwardContext,
): Record<string, string> {
  const out: Record<string, string> = {};
  const connectionListed = new Set(
    String(incoming.connection ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase()),
  );
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined || name.startsWith(':')) continue; // HTTP/2 pseudo-headers
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || connectionListed.has(lower) || isIdentityHeader(lower) || lower === 'host')
      continue;
    if (lower === 'cookie' && !ctx.cookies) continue;
    out[lower] = Array.isArray(value) ? value.join(', ') : value;
  }
  out['x-request-id'] = ctx.requestId;
  out.traceparent = nextTraceparent(out.traceparent);
  const forwardedFor = out['x-forwarded-for'];
  out['x-forwarded-for'] = forwardedFor ? `${forwardedFor}, ${ctx.clientIp}` : ctx.clientIp;
  out['x-forwarded-proto'] = ctx.protocol;
  const host = incoming.host ?? incoming[':authority'];
  if (typeof host === 'string') out['x-forwarded-host'] = host;
  // A WebSocket's token came in the query (browsers cannot set headers there), which is not passed
  // on: the service gets it as a header, like every other request's.
  if (ctx.identity && ctx.token) out.authorization = `Bearer ${ctx.token}`;
  if (ctx.identity) {
    out['x-user-id'] = ctx.identity.userId;
    out['x-user-roles'] = ctx.identity.roles.join(',');
    if (ctx.identity.expiresAt !== undefined) out['x-user-token-expires'] = String(ctx.identity.expiresAt);
  }
  return out;
}

/**
 * The headers the client receives from an upstream answer, minus the hop-by-hop ones and, unless the
 * route owns the cookies (`ForwardContext.cookies`), any `Set-Cookie`.
 */
export function clientResponseHeaders(
  upstream: Record<string, string | string[] | undefined>,
  cookies = false,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(upstream)) {
    const lower = name.toLowerCase();
    if (value === undefined || HOP_BY_HOP.has(lower) || (lower === 'set-cookie' && !cookies)) continue;
    out[name] = value;
  }
  return out;
}
