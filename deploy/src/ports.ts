import net from 'node:net';

/** Asks the OS for a free TCP port on the host (bind to 0, read it, release it). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const [port] = await freePorts(1, host);
  if (!port) throw new Error('could not read the chosen port');
  return port;
}

/** Distinct free ports; each is held until all are chosen so the OS cannot hand one out twice. */
export async function freePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const server = net.createServer();
      servers.push(server);
      ports.push(
        await new Promise<number>((resolve, reject) => {
          server.once('error', reject);
          server.listen({ port: 0, host, exclusive: true }, () => {
            const address = server.address();
            resolve(typeof address === 'object' && address ? address.port : 0);
          });
        }),
      );
    }
    return ports;
  } finally {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  }
}

export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly host: string,
  ) {
    super(
      `Port ${port} on ${host} is already in use — is another Garrison (or another program) running there?\n` +
        `  Stop it, or start this one on another port: PORT=${port === 8080 ? 8081 : port + 1} GARRISON_DATA_DIR=./.garrison-2 npm start`,
    );
    this.name = 'PortInUseError';
  }
}

/** Fails with a clear message when the public port is taken, before anything else starts. */
export async function assertPortFree(port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') reject(new PortInUseError(port, host));
      else if (err.code === 'EACCES')
        reject(
          new Error(
            `Not allowed to listen on port ${port} (ports below 1024 need privileges); set PORT to 1024 or above`,
          ),
        );
      else reject(err);
    });
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve()));
  });
}
