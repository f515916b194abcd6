import net from 'node:net';
import type { Discovery, Instance } from '@garrison/kit';

export interface TcpBalancer {
  port: number;
  /** Connections handed to each gateway instance so far (by instance id). */
  connections(): Record<string, number>;
  close(): Promise<void>;
}

function addressOf(instance: Instance): { host: string; port: number } | undefined {
  if (!instance.http) return undefined;
  const url = new URL(instance.http);
  return { host: url.hostname, port: Number(url.port) };
}

/**
 * The cluster's public port (ADR 171): accepts TCP connections and splices each to one gateway
 * instance, round-robin over the gateways discovery lists right now. Nothing of the client's is read
 * before the gateway connection is made, so a connection refused by a gateway that just died is simply
 * tried on the next one. TLS and HTTP stay end to end between the client and the gateway.
 */
export async function startTcpBalancer(opts: {
  discovery: Discovery;
  service: string;
  port: number;
  host: string;
}): Promise<TcpBalancer> {
  let backends: Instance[] = await opts.discovery.resolve(opts.service);
  const stopWatching = opts.discovery.watch((all) => {
    backends = all.filter((i) => i.name === opts.service && i.healthy);
  });
  const counts: Record<string, number> = {};
  const sockets = new Set<net.Socket>();
  let next = 0;

  const connect = (client: net.Socket, tried: Set<string>): void => {
    const candidates = backends.filter((b) => !tried.has(b.id) && addressOf(b));
    if (candidates.length === 0) {
      client.destroy();
      return;
    }
    const backend = candidates[next++ % candidates.length]!;
    tried.add(backend.id);
    const upstream = net.connect(addressOf(backend)!);
    sockets.add(upstream);
    upstream.once('close', () => sockets.delete(upstream));
    const onConnectError = (): void => {
      upstream.destroy();
      connect(client, tried);
    };
    upstream.once('error', onConnectError);
    upstream.once('connect', () => {
      upstream.off('error', onConnectError);
      counts[backend.id] = (counts[backend.id] ?? 0) + 1;
      upstream.setNoDelay(true);
      client.pipe(upstream).pipe(client);
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
      client.resume();
    });
  };

  const server = net.createServer({ pauseOnConnect: true }, (client) => {
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    client.on('error', () => {});
    client.setNoDelay(true);
    connect(client, new Set());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: opts.port, host: opts.host }, () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    connections: () => ({ ...counts }),
    close: async () => {
      stopWatching();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}
