import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { VerifiedIdentity } from '../auth/token-verifier.js';

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
  const traceId = match && !/^0+$/.test(match[1]!) ? match[1]! : randomBytes(16).toString('hex');
  const flags = match?.[3] ?? '01';
  return `00-${traceId}-${randomBytes(8).toString('hex')}-${flags}`;
}

export interface ForwardContext {
  requestId: string;
  clientIp: string;
  /** "http" or "https" as the client saw it. */
  protocol: string;
  identity: VerifiedIdentity | undefined;
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
    out[lower] = Array.isArray(value) ? value.join(', ') : value;
  }
  out['x-request-id'] = ctx.requestId;
  out.traceparent = nextTraceparent(out.traceparent);
  const forwardedFor = out['x-forwarded-for'];
  out['x-forwarded-for'] = forwardedFor ? `${forwardedFor}, ${ctx.clientIp}` : ctx.clientIp;
  out['x-forwarded-proto'] = ctx.protocol;
  const host = incoming.host ?? incoming[':authority'];
  if (typeof host === 'string') out['x-forwarded-host'] = host;
  if (ctx.identity) {
    out['x-user-id'] = ctx.identity.userId;
    out['x-user-roles'] = ctx.identity.roles.join(',');
  }
  return out;
}

/** The headers the client receives from an upstream answer, minus the hop-by-hop ones. */
export function clientResponseHeaders(
  upstream: Record<string, string | string[] | undefined>,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(upstream)) {
    if (value === undefined || HOP_BY_HOP.has(name.toLowerCase())) continue;
    out[name] = value;
  }
  return out;
}
