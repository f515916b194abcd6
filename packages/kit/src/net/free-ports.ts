import { randomInt } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * Free loopback ports for processes that will listen on them a few seconds later (a launcher plans
 * every service's URL before starting any). Two things can take a port in that gap:
 *  - the kernel, which hands ports of its ephemeral range to outgoing connections and to listen(0);
 *  - another launcher or test on this machine choosing at the same moment.
 * So ports come from below the ephemeral range, and each is reserved machine-wide for a while by a
 * file created exclusively (ADR 270). A port somebody already listens on is skipped.
 */
const FLOOR = 20_000;
const RESERVATION_MS = 10 * 60_000;
const RESERVATIONS = path.join(os.tmpdir(), 'garrison-ports');

export async function freePort(host = '127.0.0.1'): Promise<number> {
  const [port] = await freePorts(1, host);
  if (port === undefined) throw new Error('could not choose a free port');
  return port;
}

export async function freePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const ceiling = ephemeralRangeStart() - 1;
  if (ceiling - FLOOR < 1_000) return kernelChosenPorts(count, host);
  const chosen = new Set<number>();
  for (let tries = 0; chosen.size < count; tries++) {
    if (tries > 100 + count * 20) throw new Error(`no free port between ${FLOOR} and ${ceiling} on ${host}`);
    const port = randomInt(FLOOR, ceiling + 1);
    if (chosen.has(port) || !reserve(port)) continue;
    if (await canListen(port, host)) chosen.add(port);
  }
  return [...chosen];
}

/** The first port the kernel may hand out by itself (Linux reads it from /proc; others use IANA's). */
function ephemeralRangeStart(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    const start = Number.parseInt(low ?? '', 10);
    if (Number.isInteger(start) && start > 0) return start;
  } catch {
    // not Linux: IANA's dynamic range
  }
  return 49_152;
}

/** True when this process created the reservation (or replaced one that had expired). */
function reserve(port: number): boolean {
  const file = path.join(RESERVATIONS, String(port));
  try {
    mkdirSync(RESERVATIONS, { recursive: true });
    if (createExclusively(file)) return true;
    if (Date.now() - statSync(file).mtimeMs < RESERVATION_MS) return false;
    unlinkSync(file);
    return createExclusively(file);
  } catch {
    // A temp folder we cannot write to (or a race on an expired file): the listen check still guards.
    return true;
  }
}

function createExclusively(file: string): boolean {
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Where the ephemeral range leaves no room below it: let the kernel choose, all held until all are known. */
async function kernelChosenPorts(count: number, host: string): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const server = net.createServer();
      servers.push(server);
      ports.push(
        await new Promise<number>((resolve, reject) => {
          server.once('error', reject);
          server.listen({ port: 0, host, exclusive: true }, () =>
            resolve((server.address() as net.AddressInfo).port),
          );
        }),
      );
    }
    return ports;
  } finally {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  }
}
