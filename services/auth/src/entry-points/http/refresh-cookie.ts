import type { FastifyReply, FastifyRequest } from 'fastify';

// The web app's refresh token travels in an HttpOnly cookie instead of the JSON body (ADR 250):
// page scripts never see it, so an injected script cannot carry the long-lived credential away.

export const REFRESH_COOKIE = 'garrison_refresh';
/** Only auth's own paths get the cookie back (the gateway also keeps it from every other upstream). */
export const REFRESH_COOKIE_PATH = '/api/auth';
/**
 * A client that speaks the cookie session sends `X-Garrison-Session: cookie`. On login it asks for the
 * cookie; on refresh and logout it is the CSRF guard: a cross-site form cannot set a custom header, and
 * a cross-site fetch with one needs a CORS preflight the gateway never grants.
 */
export const SESSION_HEADER = 'x-garrison-session';

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** True when the request asked for (login) or relies on (refresh, logout) the cookie session. */
export function speaksCookieSession(req: FastifyRequest): boolean {
  return single(req.headers[SESSION_HEADER])?.trim().toLowerCase() === 'cookie';
}

/** The host the client addressed: the gateway's X-Forwarded-Host, the Host header for a direct call. */
function publicHost(req: FastifyRequest): string | undefined {
  return (single(req.headers['x-forwarded-host']) ?? single(req.headers.host))?.trim().toLowerCase();
}

/**
 * Why a cookie-session request is refused as possibly cross-site, or undefined when it may proceed:
 * the custom header must be there, a browser's `Sec-Fetch-Site` must say same-origin (or a direct
 * navigation), and an `Origin` must name the host that was addressed. SameSite=Strict is the fourth
 * layer: a cross-site request carries no cookie at all.
 */
export function crossSiteRefusal(req: FastifyRequest): string | undefined {
  if (!speaksCookieSession(req)) return `the cookie session needs the ${SESSION_HEADER}: cookie header`;
  const site = single(req.headers['sec-fetch-site'])?.trim().toLowerCase();
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return `a ${site} request`;
  const origin = single(req.headers.origin)?.trim();
  if (origin === undefined) return undefined;
  let originHost: string;
  try {
    originHost = new URL(origin).host.toLowerCase();
  } catch {
    return 'an unreadable Origin';
  }
  // The host only: behind a TLS-terminating balancer the scheme the service sees may differ.
  return originHost === publicHost(req) ? undefined : 'a request from another origin';
}

/** The refresh token the browser presented, if any. */
export function refreshCookieOf(req: FastifyRequest): string | undefined {
  const header = single(req.headers.cookie);
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === REFRESH_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return value.length > 0 && value.length <= 256 ? value : undefined;
    }
  }
  return undefined;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?$/;

/**
 * `Secure` always, except on plain-http loopback (local development through `npm run dev`): nothing
 * crosses a network there, and a browser that would not keep a Secure cookie from http would lose the
 * session at every reload. Plain http anywhere else still gets `Secure`: deploy the web app behind TLS.
 */
export function cookieIsSecure(req: FastifyRequest): boolean {
  const proto = (single(req.headers['x-forwarded-proto']) ?? req.protocol).split(',')[0]!.trim();
  return !(proto === 'http' && LOOPBACK.test(publicHost(req) ?? ''));
}

function cookie(req: FastifyRequest, value: string, maxAgeSeconds: number): string {
  const parts = [
    `${REFRESH_COOKIE}=${value}`,
    `Path=${REFRESH_COOKIE_PATH}`,
    `Max-Age=${maxAgeSeconds}`,
    'HttpOnly',
    'SameSite=Strict',
  ];
  if (cookieIsSecure(req)) parts.push('Secure');
  return parts.join('; ');
}

export function setRefreshCookie(
  req: FastifyRequest,
  reply: FastifyReply,
  token: string,
  maxAgeSeconds: number,
): void {
  reply.header('set-cookie', cookie(req, token, maxAgeSeconds));
  reply.header('cache-control', 'no-store');
}

export function clearRefreshCookie(req: FastifyRequest, reply: FastifyReply): void {
  reply.header('set-cookie', cookie(req, '', 0));
}
