/**
 * deploy/compose.yaml: a one-machine cluster from the image — infrastructure, monitoring and every
 * service (two replicas of the stateless ones), discovery through etcd (ADR 203).
 * The infrastructure containers carry the `infra` profile (on by default through deploy/.env):
 * with `COMPOSE_PROFILES=` and GARRISON_*_URL pointing at the host, the same file runs the services
 * against the host's PostgreSQL, RabbitMQ, Redis and etcd.
 */
import { stringify } from 'yaml';
import { BUS_DATABASE, GATEWAY } from '../topology.js';
import { GENERATED_HEADER } from './render-k8s.js';
import {
  containerEnv,
  dnsServiceTable,
  GRACE_SECONDS,
  HTTP_PORT,
  IMAGE,
  SD_PORT,
  workloads,
  type Workload,
} from './workloads.js';

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string; required?: boolean }>;
  healthcheck?: { test: string[]; interval: string; timeout: string; retries: number; start_period?: string };
  deploy?: { replicas: number };
  profiles?: string[];
  stop_grace_period?: string;
  restart?: string;
}

/**
 * Connection URLs default to the bundled infrastructure; each can be pointed elsewhere by a variable.
 * Every database has a role of its own (compose/postgres-init.sql, SPEC 5.6).
 */
const databaseUrl = (database: string) =>
  `\${GARRISON_${database.toUpperCase()}_DATABASE_URL:-postgres://${database}:garrison@postgres:5432/${database}}`;
const BUS = '${GARRISON_BUS:-amqp://garrison:garrison@rabbitmq:5672}';
const ETCD = '${GARRISON_ETCD:-etcd:2379}';
const REDIS = '${GARRISON_REDIS_URL:-redis://redis:6379}';

const INFRA_DEPENDENCY = { condition: 'service_healthy', required: false };

/** `node -e` probe: the image has no curl. */
export const readyProbe = (port: number, path: string): string[] => [
  'CMD',
  'node',
  '-e',
  `fetch('http://127.0.0.1:${port}${path}').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`,
];

/** The environment of one service's containers; the deploy tests start containers from it. */
export function serviceEnvironment(w: Workload): Record<string, string> {
  const env: Record<string, string> = {
    ...containerEnv(w),
    GARRISON_DISCOVERY: `etcd://${ETCD}`,
    // DNS names of the compose network; etcd gives the live instances, this is the fallback table
    GARRISON_SERVICES: JSON.stringify(dnsServiceTable(workloads().map((x) => x.spec))),
    GARRISON_BUS: BUS,
    BUS_PREFIX: '${BUS_PREFIX:-}',
    BUS_DATABASE_URL: databaseUrl(BUS_DATABASE),
    LOG_LEVEL: '${LOG_LEVEL:-info}',
  };
  if (w.spec.database) env.DATABASE_URL = databaseUrl(w.spec.name);
  if (w.spec.name === 'auth') env.GARRISON_ADMIN_PASSWORD = '${GARRISON_ADMIN_PASSWORD:-}';
  if (w.spec.name === GATEWAY) env.GARRISON_REDIS_URL = REDIS;
  return env;
}

function garrisonService(w: Workload): ComposeService {
  const infra = ['postgres', 'rabbitmq', 'etcd', ...(w.spec.name === GATEWAY ? ['redis'] : [])];
  return {
    image: IMAGE,
    command: [w.entry],
    environment: serviceEnvironment(w),
    depends_on: {
      ...Object.fromEntries(infra.map((name) => [name, INFRA_DEPENDENCY])),
      ...Object.fromEntries(w.spec.dependsOn.map((name) => [name, { condition: 'service_healthy' }])),
    },
    healthcheck: {
      test: readyProbe(HTTP_PORT, '/readyz'),
      interval: '5s',
      timeout: '3s',
      retries: 3,
      start_period: '60s',
    },
    // two gateways take the two host ports of the range
    ...(w.spec.name === GATEWAY
      ? { ports: [`\${GARRISON_PORT:-8080}-\${GARRISON_PORT_2:-8081}:${HTTP_PORT}`] }
      : {}),
    deploy: { replicas: w.replicas },
    stop_grace_period: `${GRACE_SECONDS}s`,
    restart: 'unless-stopped',
  };
}

export function composeModel(): {
  name: string;
  services: Record<string, ComposeService>;
  volumes: Record<string, object>;
} {
  const infra: Record<string, ComposeService> = {
    postgres: {
      image: 'docker.io/library/postgres:15-bookworm',
      environment: { POSTGRES_USER: 'garrison', POSTGRES_PASSWORD: 'garrison', POSTGRES_DB: 'garrison' },
      volumes: [
        'postgres:/var/lib/postgresql/data',
        './compose/postgres-init.sql:/docker-entrypoint-initdb.d/10-garrison.sql:ro',
      ],
      healthcheck: {
        test: ['CMD', 'pg_isready', '-U', 'garrison'],
        interval: '5s',
        timeout: '3s',
        retries: 10,
      },
      profiles: ['infra'],
    },
    rabbitmq: {
      image: 'docker.io/library/rabbitmq:3.12-management',
      environment: { RABBITMQ_DEFAULT_USER: 'garrison', RABBITMQ_DEFAULT_PASS: 'garrison' },
      healthcheck: {
        test: ['CMD', 'rabbitmq-diagnostics', '-q', 'ping'],
        interval: '10s',
        timeout: '5s',
        retries: 10,
      },
      profiles: ['infra'],
    },
    redis: {
      image: 'docker.io/library/redis:7-bookworm',
      healthcheck: { test: ['CMD', 'redis-cli', 'ping'], interval: '5s', timeout: '3s', retries: 10 },
      profiles: ['infra'],
    },
    etcd: {
      image: 'quay.io/coreos/etcd:v3.5.17',
      command: [
        'etcd',
        '--name=etcd',
        '--data-dir=/etcd-data',
        '--listen-client-urls=http://0.0.0.0:2379',
        '--advertise-client-urls=http://etcd:2379',
      ],
      volumes: ['etcd:/etcd-data'],
      healthcheck: {
        test: ['CMD', 'etcdctl', 'endpoint', 'health'],
        interval: '5s',
        timeout: '3s',
        retries: 10,
      },
      profiles: ['infra'],
    },
  };
  const monitoring: Record<string, ComposeService> = {
    'prometheus-sd': {
      image: IMAGE,
      command: ['deploy/src/prometheus-sd/main.ts'],
      environment: {
        GARRISON_DISCOVERY: `etcd://${ETCD}`,
        SD_PORT: String(SD_PORT),
      },
      depends_on: { etcd: INFRA_DEPENDENCY },
      healthcheck: { test: readyProbe(SD_PORT, '/healthz'), interval: '5s', timeout: '3s', retries: 3 },
      restart: 'unless-stopped',
    },
    prometheus: {
      image: 'docker.io/prom/prometheus:v2.53.0',
      volumes: ['./prometheus:/etc/prometheus:ro'],
      ports: ['${PROMETHEUS_PORT:-9090}:9090'],
      depends_on: { 'prometheus-sd': { condition: 'service_healthy' } },
      restart: 'unless-stopped',
    },
    alertmanager: {
      image: 'docker.io/prom/alertmanager:v0.27.0',
      command: ['--config.file=/etc/alertmanager/alertmanager.yml'],
      volumes: ['./prometheus/alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro'],
      restart: 'unless-stopped',
    },
    grafana: {
      image: 'docker.io/grafana/grafana:11.1.0',
      environment: { GF_AUTH_ANONYMOUS_ENABLED: 'true', GF_AUTH_ANONYMOUS_ORG_ROLE: 'Viewer' },
      volumes: [
        './grafana/provisioning:/etc/grafana/provisioning:ro',
        './grafana/dashboards:/var/lib/grafana/dashboards:ro',
      ],
      ports: ['${GRAFANA_PORT:-3000}:3000'],
      restart: 'unless-stopped',
    },
  };
  const services: Record<string, ComposeService> = { ...infra, ...monitoring };
  for (const w of workloads()) services[w.spec.name] = garrisonService(w);
  return { name: 'garrison', services, volumes: { postgres: {}, etcd: {} } };
}

/** One database per service plus the bus, each owned by a role of its own (SPEC 5.6). */
function postgresInit(): string {
  const names = [
    ...workloads()
      .filter((w) => w.spec.database)
      .map((w) => w.spec.name),
    BUS_DATABASE,
  ];
  return (
    '-- Generated by `npm run gen` from deploy/src/topology.ts — do not edit.\n' +
    names
      .map((n) => `CREATE ROLE "${n}" LOGIN PASSWORD 'garrison';\nCREATE DATABASE "${n}" OWNER "${n}";\n`)
      .join('')
  );
}

/** Paths relative to deploy/. */
export function renderCompose(): Record<string, string> {
  return {
    'compose.yaml':
      GENERATED_HEADER + stringify(composeModel(), { lineWidth: 0, aliasDuplicateObjects: false }),
    'compose/postgres-init.sql': postgresInit(),
    '.env':
      '# Generated by `npm run gen`. The bundled infrastructure runs unless COMPOSE_PROFILES is emptied.\nCOMPOSE_PROFILES=infra\n',
  };
}
