import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { ConnectRouter, Interceptor } from '@connectrpc/connect';
import { connectNodeAdapter } from '@connectrpc/connect-node';
import type { Logger } from 'pino';
import { registerHealth } from './health.js';

export interface GrpcServer {
  url: string;
  /** Stops accepting, lets in-flight calls finish for up to `graceMs`, then cuts what is left. */
  close(graceMs?: number): Promise<void>;
}

export interface GrpcServerOptions {
  host: string;
  /** Host put in the advertised URL (differs from `host` when binding to a wildcard address). */
  advertisedHost?: string;
  port: number;
  routes: (router: ConnectRouter) => void;
  interceptors: Interceptor[];
  ready: () => Promise<boolean>;
  log: Logger;
}

/** gRPC over cleartext HTTP/2 (h2c), with the standard health service added. */
export async function startGrpcServer(opts: GrpcServerOptions): Promise<GrpcServer> {
  const served: string[] = [];
  const handler = connectNodeAdapter({
    interceptors: opts.interceptors,
    routes(router) {
      opts.routes(router);
      for (const h of router.handlers)
        if (!served.includes(h.service.typeName)) served.push(h.service.typeName);
      registerHealth(router, () => served, opts.ready);
    },
  });
  const server = http2.createServer(handler);
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on('session', (s) => {
    sessions.add(s);
    s.on('close', () => sessions.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${opts.advertisedHost ?? opts.host}:${port}`;
  opts.log.info({ url, services: served }, 'gRPC server listening');

  return {
    url,
    async close(graceMs = 5000) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Clients keep HTTP/2 sessions open; GOAWAY lets their in-flight streams finish, then they go.
      for (const s of sessions) s.close();
      const timer = setTimeout(() => {
        for (const s of sessions) s.destroy();
      }, graceMs);
      await closed;
      clearTimeout(timer);
    },
  };
}
