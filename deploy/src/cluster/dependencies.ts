import net from 'node:net';
import { ETCD_INSTALL_HINT, etcdBinary } from '@garrison/kit/etcd';
import { redactedUrl } from '../postgres/databases.js';

export interface ClusterDependencies {
  postgresUrl: string;
  busUrl: string;
  redisUrl: string;
  /** GARRISON_DISCOVERY given by the operator, or undefined: the launcher runs its own etcd. */
  discovery: string | undefined;
}

function reachable(url: string, defaultPort: number): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname || '127.0.0.1', port: Number(port || defaultPort) });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * What a cluster needs that Node.js does not bring (ADR 170): every missing piece is listed at once,
 * each with how to get it.
 */
export async function missingClusterDependencies(deps: ClusterDependencies): Promise<string[]> {
  const missing: string[] = [];
  if (!(await reachable(deps.postgresUrl, 5432)))
    missing.push(
      `PostgreSQL is not reachable at ${redactedUrl(deps.postgresUrl)} (GARRISON_POSTGRES_URL): apt-get install postgresql, or point GARRISON_POSTGRES_URL at a server`,
    );
  if (!(await reachable(deps.busUrl, 5672)))
    missing.push(
      `RabbitMQ is not reachable at ${redactedUrl(deps.busUrl)} (GARRISON_BUS): apt-get install rabbitmq-server, or point GARRISON_BUS at a broker`,
    );
  if (!(await reachable(deps.redisUrl, 6379)))
    missing.push(
      `Redis is not reachable at ${redactedUrl(deps.redisUrl)} (GARRISON_REDIS_URL): apt-get install redis-server, or point GARRISON_REDIS_URL at a server`,
    );
  if (deps.discovery === undefined && !etcdBinary())
    missing.push(
      `etcd is not installed: ${ETCD_INSTALL_HINT}, or point GARRISON_DISCOVERY=etcd://host:2379 at a running etcd`,
    );
  return missing;
}
