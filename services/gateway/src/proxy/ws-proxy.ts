import { request as httpRequest, ServerResponse, STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { noGatewayMetrics, type GatewayMetrics } from '../metrics.js';
import type { UpstreamLease } from '../upstream/upstreams.js';
import { upstreamRequestHeaders, type ForwardContext } from './headers.js';

const kUpgrade = Symbol('garrison.gateway.upgrade');

interface PendingUpgrade {
  socket: Duplex;
  head: Buffer;
}

type RawWithUpgrade = IncomingMessage & { [kUpgrade]?: PendingUpgrade };

/** The raw socket of a WebSocket upgrade request (undefined for ordinary requests). */
function pendingUpgrade(req: FastifyRequest): PendingUpgrade | undefined {
  return (req.raw as RawWithUpgrade)[kUpgrade];
}

export function isUpgradeRequest(req: FastifyRequest): boolean {
  return pendingUpgrade(req) !== undefined;
}

/**
 * Sends every upgrade request through Fastify's router like an ordinary request, so the same hooks
 * (identity stripping, token check, rate limit) decide about it; the answer of a refused upgrade is
 * written to the socket. Returns a function that ends every open tunnel (for shutdown).
 */
export function routeUpgrades(app: FastifyInstance): () => void {
  const tunnels = new Set<Duplex>();
  app.server.on('upgrade', (raw: RawWithUpgrade, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    raw[kUpgrade] = { socket, head };
    tunnels.add(socket);
    socket.once('close', () => tunnels.delete(socket));
    const res = new ServerResponse(raw);
    res.assignSocket(socket as Socket);
    res.once('finish', () => socket.destroy());
    app.routing(raw, res);
  });
  return () => {
    for (const socket of tunnels) socket.destroy();
  };
}

/** The query without `access_token`: the token has done its job at the gateway and must not travel on. */
export function withoutAccessToken(url: string): string {
  const [path, query] = url.split('?', 2);
  if (!query) return url;
  const params = new URLSearchParams(query);
  params.delete('access_token');
  const rest = params.toString();
  return rest ? `${path}?${rest}` : (path ?? '/');
}

// Re-framed by the gateway when it relays a refused upgrade's (already de-chunked) body.
const FRAMING_HEADERS = new Set(['connection', 'transfer-encoding', 'content-length', 'keep-alive']);

function writeHead(socket: Duplex, status: number, rawHeaders: string[]): void {
  let head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n`;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) head += `${rawHeaders[i]}: ${rawHeaders[i + 1]}\r\n`;
  socket.write(`${head}\r\n`);
}

/** Raw headers without the `Set-Cookie` ones, unless the upstream may set cookies (ADR 250). */
function withoutCookies(rawHeaders: string[], cookies = false): string[] {
  const kept: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2)
    if (cookies || rawHeaders[i]!.toLowerCase() !== 'set-cookie')
      kept.push(rawHeaders[i]!, rawHeaders[i + 1]!);
  return kept;
}

/** Answers an upgrade request that will not be proxied with a problem+json body, then closes the socket. */
export function rejectUpgrade(
  socket: Duplex,
  status: number,
  detail: string,
  extraHeaders: Record<string, string> = {},
): void {
  const body = JSON.stringify({ type: 'about:blank', title: STATUS_CODES[status], status, detail });
  const headers = {
    'content-type': 'application/problem+json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close',
    ...extraHeaders,
  };
  writeHead(socket, status, Object.entries(headers).flat());
  socket.end(body);
}

/**
 * Tunnels a WebSocket upgrade to the owning service: the upstream performs the handshake itself
 * (subprotocols and extensions are negotiated end to end), then bytes flow both ways untouched.
 * The caller has already verified the token; the upstream sees the verified identity headers.
 */
export function proxyUpgrade(
  req: FastifyRequest,
  service: string,
  lease: UpstreamLease,
  ctx: ForwardContext,
  metrics: GatewayMetrics = noGatewayMetrics,
): void {
  const pending = pendingUpgrade(req);
  if (!pending) throw new Error('proxyUpgrade called for a request that is not an upgrade');
  const client = pending.socket;
  const target = new URL(lease.baseUrl);
  const headers = {
    ...upstreamRequestHeaders(req.headers, ctx),
    connection: 'Upgrade',
    upgrade: String(req.headers.upgrade ?? 'websocket'),
    host: target.host,
  };
  const upstreamReq = httpRequest({
    hostname: target.hostname,
    port: target.port,
    path: withoutAccessToken(req.url),
    method: 'GET',
    headers,
  });

  upstreamReq.on('upgrade', (res: IncomingMessage, upstream: Duplex, upstreamHead: Buffer) => {
    lease.succeeded();
    writeHead(client, res.statusCode ?? 101, withoutCookies(res.rawHeaders, ctx.cookies));
    if (upstreamHead.length > 0) client.write(upstreamHead);
    if (pending.head.length > 0) upstream.write(pending.head);
    upstream.pipe(client).pipe(upstream);
    metrics.tunnelOpened();
    let open = true;
    const closeBoth = () => {
      if (open) metrics.tunnelClosed();
      open = false;
      client.destroy();
      upstream.destroy();
    };
    upstream.on('error', closeBoth).on('close', closeBoth);
    client.on('error', closeBoth).on('close', closeBoth);
  });

  // The upstream declined to upgrade (e.g. 401, 404): relay its answer as is.
  upstreamReq.on('response', (res: IncomingMessage) => {
    lease.succeeded(); // an answer, whatever its status, is not a transport failure
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => {
      const body = Buffer.concat(chunks);
      const relayed = withoutCookies(res.rawHeaders, ctx.cookies);
      const kept: string[] = [];
      for (let i = 0; i + 1 < relayed.length; i += 2) {
        const name = relayed[i]!;
        if (!FRAMING_HEADERS.has(name.toLowerCase())) kept.push(name, relayed[i + 1]!);
      }
      writeHead(client, res.statusCode ?? 502, [
        ...kept,
        'Content-Length',
        String(body.length),
        'Connection',
        'close',
      ]);
      client.end(body);
    });
  });

  upstreamReq.on('error', (err) => {
    lease.failed();
    req.log.warn({ err, service }, 'websocket upstream failed');
    if (client.writable) rejectUpgrade(client, 502, `service ${service} could not be reached`);
  });
  client.on('close', () => upstreamReq.destroy());
  upstreamReq.end();
}
