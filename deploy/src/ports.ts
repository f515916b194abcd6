import net from 'node:net';

export { freePort, freePorts } from '@garrison/kit/ports';

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
