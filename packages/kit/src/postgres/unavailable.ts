// Errors that mean "the database cannot be reached right now" (as opposed to a bad query):
// the request deserves a quick 503, not a 500, and the client may retry.

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EPIPE',
]);
// 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 3D000 invalid_catalog_name
// (database dropped), 53300 too_many_connections.
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '3D000', '53300']);
const MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated',
  'is not currently accepting connections',
  'Client has encountered a connection error',
];

export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || SQLSTATES.has(code) || code.startsWith('08')))
      return true;
    if (typeof message === 'string' && MESSAGES.some((m) => message.includes(m))) return true;
    if (e instanceof AggregateError && e.errors.some(isDatabaseUnavailable)) return true;
  }
  return false;
}
