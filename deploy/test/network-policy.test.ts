import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { GRPC_PORT, HTTP_PORT, METRICS_PORT, NAMESPACE, workloads } from '../src/manifests/workloads.js';
import { ingressAllowed, type PodRef, type Policy } from './support/network-policy.js';

const policies = parseAllDocuments(
  readFileSync(new URL('../k8s/network-policy.yaml', import.meta.url), 'utf8'),
).map((d) => d.toJS() as Policy);

type Pod = PodRef & { name: string; portList: number[] };

/** Each service's pod as the Deployments label it, with its named ports. */
const pods: Pod[] = workloads().map((w) => {
  const ports: Record<string, number> = { http: HTTP_PORT };
  if (w.spec.grpc) ports.grpc = GRPC_PORT;
  if (w.metricsPort !== HTTP_PORT) ports.metrics = w.metricsPort;
  return {
    name: w.spec.name,
    namespace: NAMESPACE,
    namespaceLabels: { 'kubernetes.io/metadata.name': NAMESPACE },
    labels: {
      'app.kubernetes.io/name': w.spec.name,
      'app.kubernetes.io/part-of': 'garrison',
      'garrison.dev/tier': w.spec.name === 'gateway' ? 'edge' : 'internal',
    },
    ports,
    portList: Object.values(ports),
  };
});

const outsider: PodRef = {
  namespace: 'default',
  namespaceLabels: { 'kubernetes.io/metadata.name': 'default' },
  labels: { app: 'curious' },
};
// an attacker who copies Garrison's labels onto a pod in another namespace
const impostor: PodRef = {
  ...outsider,
  labels: { 'app.kubernetes.io/part-of': 'garrison', 'app.kubernetes.io/name': 'users' },
};
const prometheus: PodRef = {
  namespace: 'monitoring',
  namespaceLabels: { 'kubernetes.io/metadata.name': 'monitoring' },
  labels: { 'app.kubernetes.io/name': 'prometheus' },
};
const otherMonitoringPod: PodRef = { ...prometheus, labels: { 'app.kubernetes.io/name': 'grafana' } };
const inside = (name: string): PodRef => pods.find((p) => p.name === name)!;

const reachable = (source: PodRef) =>
  pods.flatMap((p) =>
    p.portList.filter((port) => ingressAllowed(policies, source, p, port)).map((port) => `${p.name}:${port}`),
  );

describe('deploy/k8s/network-policy.yaml', () => {
  it('from outside the namespace only the gateway HTTP port is reachable', () => {
    expect(reachable(outsider)).toEqual([`gateway:${HTTP_PORT}`]);
  });

  it('copying Garrison labels onto a pod elsewhere opens nothing more', () => {
    expect(reachable(impostor)).toEqual([`gateway:${HTTP_PORT}`]);
  });

  it('services reach each other on HTTP and gRPC inside the namespace', () => {
    const gateway = inside('gateway');
    for (const p of pods.filter((x) => x.name !== 'gateway')) {
      expect(ingressAllowed(policies, gateway, p, HTTP_PORT)).toBe(true);
      if (p.ports?.grpc) expect(ingressAllowed(policies, inside('auth'), p, GRPC_PORT)).toBe(true);
    }
  });

  it('Prometheus scrapes every /metrics port, but reaches no gRPC port; other monitoring pods get nothing internal', () => {
    const scrapes = reachable(prometheus);
    for (const w of workloads()) expect(scrapes).toContain(`${w.spec.name}:${w.metricsPort}`);
    expect(scrapes.filter((t) => t.endsWith(`:${GRPC_PORT}`))).toEqual([]);
    expect(reachable(otherMonitoringPod)).toEqual([`gateway:${HTTP_PORT}`]);
  });

  it('the gateway metrics listener is not public', () => {
    expect(ingressAllowed(policies, outsider, inside('gateway'), METRICS_PORT)).toBe(false);
  });

  it('the evaluator itself: without policies everything is open', () => {
    expect(ingressAllowed([], outsider, inside('users'), GRPC_PORT)).toBe(true);
  });
});
