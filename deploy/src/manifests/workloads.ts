/**
 * How each service of the topology runs as a container: ports, replicas, resources, the drain time.
 * Shared by the Kubernetes, compose and Prometheus generators so the three cannot disagree.
 */
import { GATEWAY, SERVICES, type ServiceSpec } from '../topology.js';

/** Every container listens on the same ports: each service has its own address, so no clashes. */
export const HTTP_PORT = 8080;
export const GRPC_PORT = 9090;
/**
 * A service whose HTTP port faces the internet (the gateway) serves /metrics on a listener of its
 * own (kit METRICS_PORT); this is that port in a container.
 */
export const METRICS_PORT = 9100;

/** The image every service runs from; its command picks the service (ADR 200). */
export const IMAGE = 'localhost/garrison:latest';
export const NAMESPACE = 'garrison';
export const PART_OF = 'garrison';

/**
 * The kit drains HTTP for up to 10 s after SIGTERM (create-service HTTP_DRAIN_MS), then finishes the
 * deliveries in flight and closes pools. 5 s before SIGTERM let endpoints and load balancers forget
 * the pod; the rest is headroom for a handler that is mid-way. Past this the runtime kills.
 */
export const PRE_STOP_SECONDS = 5;
export const GRACE_SECONDS = 30;

export interface Resources {
  cpuRequest: string;
  memoryRequest: string;
  memoryLimit: string;
}

export interface Workload {
  spec: ServiceSpec;
  /**
   * Stateless services run two replicas behind a PodDisruptionBudget and scale horizontally.
   * Battles keeps live battles in the process holding the player's Agent (ADR 099): one replica.
   */
  stateless: boolean;
  replicas: number;
  maxReplicas: number;
  resources: Resources;
  /** Port Prometheus scrapes: the HTTP port, or the internal metrics listener of the public one. */
  metricsPort: number;
  /** Path of the entry point inside the image (relative to its working directory). */
  entry: string;
}

const STATEFUL = new Set(['battles']);

const RESOURCES: Record<string, Resources> = {
  // hosted battles and validations run bot code in QuickJS workers: CPU and memory heavy
  battles: { cpuRequest: '500m', memoryRequest: '384Mi', memoryLimit: '1Gi' },
  bots: { cpuRequest: '250m', memoryRequest: '256Mi', memoryLimit: '768Mi' },
};
const DEFAULT_RESOURCES: Resources = { cpuRequest: '100m', memoryRequest: '192Mi', memoryLimit: '512Mi' };

export function workloadOf(spec: ServiceSpec): Workload {
  const stateless = !STATEFUL.has(spec.name);
  return {
    spec,
    stateless,
    replicas: stateless ? 2 : 1,
    maxReplicas: stateless ? 6 : 1,
    resources: RESOURCES[spec.name] ?? DEFAULT_RESOURCES,
    metricsPort: spec.name === GATEWAY ? METRICS_PORT : HTTP_PORT,
    entry: `${spec.folder}/src/main.ts`,
  };
}

/** The services that ship: the implemented ones, in topology order. */
export function workloads(services: readonly ServiceSpec[] = SERVICES): Workload[] {
  return services.filter((s) => s.implemented).map(workloadOf);
}

/** Settings every container of a service gets, whatever runs it (compose, Kubernetes, the tests). */
export function containerEnv(w: Workload): Record<string, string> {
  return {
    HOST: '0.0.0.0',
    HTTP_PORT: String(HTTP_PORT),
    ...(w.spec.grpc ? { GRPC_PORT: String(GRPC_PORT) } : {}),
    ...(w.metricsPort !== HTTP_PORT ? { METRICS_HOST: '0.0.0.0', METRICS_PORT: String(w.metricsPort) } : {}),
    NODE_ENV: 'production',
  };
}

/** Scrape port per service, for the service-discovery endpoint when the registry has only HTTP URLs. */
export function metricsPorts(list: readonly Workload[] = workloads()): Record<string, number> {
  return Object.fromEntries(
    list.filter((w) => w.metricsPort !== HTTP_PORT).map((w) => [w.spec.name, w.metricsPort]),
  );
}

/** `GARRISON_SERVICES` for a cluster where each service is reachable by a DNS name (ADR 202). */
export function dnsServiceTable(
  services: readonly ServiceSpec[],
  host: (name: string) => string = (name) => name,
): Record<string, { http: string; grpc?: string }> {
  const table: Record<string, { http: string; grpc?: string }> = {};
  for (const s of services) {
    table[s.name] = {
      http: `http://${host(s.name)}:${HTTP_PORT}`,
      ...(s.grpc ? { grpc: `http://${host(s.name)}:${GRPC_PORT}` } : {}),
    };
  }
  return table;
}

/** Port of the Prometheus http_sd endpoint (deploy/src/prometheus-sd). */
export const SD_PORT = 9464;
