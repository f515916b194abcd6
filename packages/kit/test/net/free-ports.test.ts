import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePorts } from '../../src/net/free-ports.js';

const ephemeralStart = (() => {
  try {
    return Number.parseInt(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8'), 10);
  } catch {
    return 49_152;
  }
})();

function listenOn(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => resolve(server));
  });
}

describe('freePorts: ports a launcher plans now and a service listens on later', () => {
  it('when asked for many ports, then they are distinct, free to listen on, and outside the range the kernel hands out by itself', async () => {
    const ports = await freePorts(40);

    expect(new Set(ports).size).toBe(40);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(20_000);
      expect(port).toBeLessThan(ephemeralStart);
    }
    const servers = await Promise.all(ports.map(listenOn));
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  });

  it('when two launchers choose at the same moment, then no port is given to both (each is reserved machine-wide)', async () => {
    const [first, second] = await Promise.all([freePorts(300), freePorts(300)]);

    const shared = first!.filter((port) => second!.includes(port));
    expect(shared).toEqual([]);
    for (const port of [...first!, ...second!]) {
      const reservation = path.join(os.tmpdir(), 'garrison-ports', String(port));
      expect(existsSync(reservation), `reservation of ${port}`).toBe(true);
    }
  });
});
