/**
 * Kubernetes manifests derived from the topology, built with kubernetes-models' typed classes (each
 * object validates itself against the Kubernetes OpenAPI schema). ADR 201 explains the shape.
 */
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Service, type IContainer, type IEnvVar } from 'kubernetes-models/v1';
import { GATEWAY, type ServiceSpec } from '../topology.js';
import {
  containerEnv,
  dnsServiceTable,
  GRACE_SECONDS,
  GRPC_PORT,
  HTTP_PORT,
  IMAGE,
  NAMESPACE,
  PART_OF,
  PRE_STOP_SECONDS,
  workloads,
  type Workload,
} from './workloads.js';

/** Anything kubernetes-models builds: validates itself and serialises to plain JSON. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; namespace?: string };
  validate(): void;
  toJSON(): unknown;
}

export interface K8sFile {
  /** File name under deploy/k8s/. */
  name: string;
  objects: K8sObject[];
}

/** The Secret every service reads its credentials from; created by the operator (docs/running.md). */
export const SECRET_NAME = 'garrison-secrets';
export const CONFIG_NAME = 'garrison-config';
/** Where Prometheus runs: its pods may scrape /metrics on the internal ports. */
export const MONITORING_NAMESPACE = 'monitoring';
export const PROMETHEUS_POD_LABELS = { 'app.kubernetes.io/name': 'prometheus' };

const NAME_LABEL = 'app.kubernetes.io/name';
const PART_OF_LABEL = 'app.kubernetes.io/part-of';
const TIER_LABEL = 'garrison.dev/tier';

function labels(spec: ServiceSpec): Record<string, string> {
  return {
    [NAME_LABEL]: spec.name,
    [PART_OF_LABEL]: PART_OF,
    [TIER_LABEL]: spec.name === GATEWAY ? 'edge' : 'internal',
  };
}

const meta = (name: string, extra: Record<string, string> = {}) => ({
  name,
  namespace: NAMESPACE,
  labels: { [PART_OF_LABEL]: PART_OF, ...extra },
});

const fromSecret = (name: string, key: string, optional = false): IEnvVar => ({
  name,
  valueFrom: { secretKeyRef: { name: SECRET_NAME, key, ...(optional ? { optional: true } : {}) } },
});

/** Settings from the topology (ConfigMap) and credentials per service (Secret, ADR 201). */
function environment(w: Workload): IEnvVar[] {
  const env: IEnvVar[] = [
    ...Object.entries(containerEnv(w)).map(([name, value]) => ({ name, value })),
    fromSecret('BUS_DATABASE_URL', 'bus-database-url'),
    fromSecret('GARRISON_BUS', 'bus'),
  ];
  if (w.spec.database) env.push(fromSecret('DATABASE_URL', `${w.spec.name}-database-url`));
  if (w.spec.name === 'auth') env.push(fromSecret('GARRISON_ADMIN_PASSWORD', 'admin-password', true));
  if (w.spec.name === GATEWAY) env.push(fromSecret('GARRISON_REDIS_URL', 'redis-url', true));
  return env;
}

function container(w: Workload): IContainer {
  const probe = (path: string) => ({ httpGet: { path, port: 'http' } });
  return {
    name: w.spec.name,
    image: IMAGE,
    args: [w.entry],
    ports: [
      { name: 'http', containerPort: HTTP_PORT, protocol: 'TCP' as const },
      ...(w.spec.grpc ? [{ name: 'grpc', containerPort: GRPC_PORT, protocol: 'TCP' as const }] : []),
      ...(w.metricsPort !== HTTP_PORT
        ? [{ name: 'metrics', containerPort: w.metricsPort, protocol: 'TCP' as const }]
        : []),
    ],
    envFrom: [{ configMapRef: { name: CONFIG_NAME } }],
    env: environment(w),
    // tsx compiles on first start: give it time before liveness counts
    startupProbe: { ...probe('/healthz'), periodSeconds: 2, failureThreshold: 60 },
    livenessProbe: { ...probe('/healthz'), periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
    readinessProbe: { ...probe('/readyz'), periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 2 },
    // lets endpoints and load balancers drop the pod before SIGTERM starts the drain
    lifecycle: { preStop: { sleep: { seconds: PRE_STOP_SECONDS } } },
    resources: {
      requests: { cpu: w.resources.cpuRequest, memory: w.resources.memoryRequest },
      limits: { memory: w.resources.memoryLimit },
    },
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
  };
}

function deployment(w: Workload): Deployment {
  const selector = { [NAME_LABEL]: w.spec.name };
  return new Deployment({
    metadata: meta(w.spec.name, labels(w.spec)),
    spec: {
      replicas: w.replicas,
      selector: { matchLabels: selector },
      strategy: w.stateless
        ? { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } }
        : // one live-battle host: the old pod drains before the new one takes the Agents
          { type: 'Recreate' },
      template: {
        metadata: {
          labels: labels(w.spec),
          annotations: {
            'prometheus.io/scrape': 'true',
            'prometheus.io/port': String(w.metricsPort),
            'prometheus.io/path': '/metrics',
          },
        },
        spec: {
          terminationGracePeriodSeconds: GRACE_SECONDS,
          automountServiceAccountToken: false,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 10001,
            runAsGroup: 10001,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [container(w)],
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } }],
        },
      },
    },
  });
}

function service(w: Workload): Service {
  return new Service({
    metadata: meta(w.spec.name, labels(w.spec)),
    spec: {
      // only the edge gets an external address; everything else is cluster-internal
      type: w.spec.name === GATEWAY ? 'LoadBalancer' : 'ClusterIP',
      selector: { [NAME_LABEL]: w.spec.name },
      ports: [
        {
          name: 'http',
          port: w.spec.name === GATEWAY ? 80 : HTTP_PORT,
          targetPort: 'http',
          protocol: 'TCP' as const,
        },
        ...(w.spec.grpc
          ? [{ name: 'grpc', port: GRPC_PORT, targetPort: 'grpc', protocol: 'TCP' as const }]
          : []),
      ],
    },
  });
}

function disruptionBudget(w: Workload): PodDisruptionBudget {
  return new PodDisruptionBudget({
    metadata: meta(w.spec.name, labels(w.spec)),
    spec: { minAvailable: 1, selector: { matchLabels: { [NAME_LABEL]: w.spec.name } } },
  });
}

function autoscaler(w: Workload): HorizontalPodAutoscaler {
  return new HorizontalPodAutoscaler({
    metadata: meta(w.spec.name, labels(w.spec)),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: w.spec.name },
      minReplicas: w.replicas,
      maxReplicas: w.maxReplicas,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
        },
      ],
    },
  });
}

/**
 * Ingress rules, default deny: the gateway's HTTP port from anywhere; internal ports only from
 * Garrison's own pods, and /metrics (the HTTP port) from Prometheus in the monitoring namespace.
 */
export function networkPolicies(): NetworkPolicy[] {
  const garrisonPods = { podSelector: { matchLabels: { [PART_OF_LABEL]: PART_OF } } };
  return [
    new NetworkPolicy({
      metadata: meta('default-deny-ingress'),
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    }),
    new NetworkPolicy({
      metadata: meta('gateway-public'),
      spec: {
        podSelector: { matchLabels: { [NAME_LABEL]: GATEWAY } },
        policyTypes: ['Ingress'],
        ingress: [{ ports: [{ protocol: 'TCP', port: 'http' }] }],
      },
    }),
    new NetworkPolicy({
      metadata: meta('internal-from-garrison'),
      spec: {
        podSelector: { matchLabels: { [TIER_LABEL]: 'internal' } },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [garrisonPods],
            ports: [
              { protocol: 'TCP', port: 'http' },
              { protocol: 'TCP', port: 'grpc' },
            ],
          },
        ],
      },
    }),
    new NetworkPolicy({
      metadata: meta('metrics-from-prometheus'),
      spec: {
        podSelector: { matchLabels: { [PART_OF_LABEL]: PART_OF } },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [
              {
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': MONITORING_NAMESPACE } },
                podSelector: { matchLabels: PROMETHEUS_POD_LABELS },
              },
            ],
            // internal services serve /metrics on their HTTP port, the gateway on its own listener
            ports: [
              { protocol: 'TCP', port: 'http' },
              { protocol: 'TCP', port: 'metrics' },
            ],
          },
        ],
      },
    }),
  ];
}

function configMap(): ConfigMap {
  const services = workloads().map((w) => w.spec);
  return new ConfigMap({
    metadata: meta(CONFIG_NAME),
    data: {
      // Kubernetes DNS is the registry here: `users` resolves to the users Service (ADR 202)
      GARRISON_SERVICES: JSON.stringify(dnsServiceTable(services)),
      LOG_LEVEL: 'info',
      BUS_PREFIX: '',
    },
  });
}

/** Every file of deploy/k8s/, in apply order. */
export function kubernetesFiles(): K8sFile[] {
  const files: K8sFile[] = [
    {
      name: 'namespace.yaml',
      objects: [new Namespace({ metadata: { name: NAMESPACE, labels: { [PART_OF_LABEL]: PART_OF } } })],
    },
    { name: 'config.yaml', objects: [configMap()] },
    { name: 'network-policy.yaml', objects: networkPolicies() },
  ];
  for (const w of workloads()) {
    const objects: K8sObject[] = [deployment(w), service(w)];
    if (w.stateless) objects.push(disruptionBudget(w), autoscaler(w));
    files.push({ name: `${w.spec.name}.yaml`, objects });
  }
  return files;
}
