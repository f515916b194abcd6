import net from 'node:net';

export interface PostgresServer {
  /** URL of the server's `postgres` database; tests create their own databases on it. */
  url: string;
}
export interface RabbitServer {
  url: string;
}

export const TEST_POSTGRES_URL =
  process.env.GARRISON_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_AMQP_URL = process.env.GARRISON_TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

function reachable(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const warned = new Set<string>();

async function needs(what: string, url: string, defaultPort: number): Promise<boolean> {
  const { hostname, port } = new URL(url);
  const where = `${hostname}:${port || defaultPort}`;
  if (await reachable(hostname, Number(port || defaultPort))) return true;
  if (process.env.CI === 'true') {
    throw new Error(`${what} is required in CI but not reachable at ${where}`);
  }
  if (!warned.has(what)) {
    warned.add(what);
    console.warn(
      `skipping: ${what} not reachable at ${where} (these tests run when it is; with CI=true they fail)`,
    );
  }
  return false;
}

/** The local PostgreSQL, or null (tests then skip) when absent; throws when absent and CI=true. */
export async function needsPostgres(): Promise<PostgresServer | null> {
  return (await needs('PostgreSQL', TEST_POSTGRES_URL, 5432)) ? { url: TEST_POSTGRES_URL } : null;
}

/** The local RabbitMQ, or null (tests then skip) when absent; throws when absent and CI=true. */
export async function needsRabbit(): Promise<RabbitServer | null> {
  return (await needs('RabbitMQ', TEST_AMQP_URL, 5672)) ? { url: TEST_AMQP_URL } : null;
}
