import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { GRACE_SECONDS, HTTP_PORT, PRE_STOP_SECONDS, workloads } from '../src/manifests/workloads.js';
import { validateManifest, type Manifest } from './support/k8s-schema.js';

const K8S = fileURLToPath(new URL('../k8s/', import.meta.url));

/** The committed manifests, as `kubectl apply -f deploy/k8s` would read them. */
function committed(): Map<string, Manifest[]> {
  const files = new Map<string, Manifest[]>();
  for (const name of readdirSync(K8S).filter((f) => f.endsWith('.yaml'))) {
    const docs = parseAllDocuments(readFileSync(K8S + name, 'utf8')).map((d) => d.toJS() as Manifest);
    files.set(name, docs);
  }
  return files;
}

const files = committed();
const all = [...files.entries()].filter(([name]) => name !== 'kustomization.yaml');
const objects = all.flatMap(([, docs]) => docs);
const find = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);

describe('deploy/k8s: the generated Kubernetes manifests', () => {
  it.each(all.flatMap(([file, docs]) => docs.map((d) => [file, d.kind, d.metadata.name, d] as const)))(
    '%s: %s %s is valid against the Kubernetes schema',
    (_file, _kind, _name, doc) => {
      expect(() => validateManifest(doc)).not.toThrow();
    },
  );

  it('the validation rejects what the API server would (a port as text, a missing selector)', () => {
    const deployment = structuredClone(find('Deployment', 'users')) as unknown as {
      spec: {
        template: { spec: { containers: { ports: { containerPort: unknown }[] }[] } };
        selector?: unknown;
      };
    };
    deployment.spec.template.spec.containers[0]!.ports[0]!.containerPort = '8080';
    expect(() => validateManifest(deployment as unknown as Manifest)).toThrow(
      /containerPort must be integer/,
    );
    const noSelector = structuredClone(find('Deployment', 'users')) as unknown as {
      spec: { selector?: unknown };
    };
    delete noSelector.spec.selector;
    expect(() => validateManifest(noSelector as unknown as Manifest)).toThrow(/selector/);
    expect(() => validateManifest({ apiVersion: 'v9', kind: 'Thing', metadata: { name: 'x' } })).toThrow(
      /no schema/,
    );
  });

  it('kustomization lists every manifest file, and no Secret with values is applied', () => {
    const kustomization = files.get('kustomization.yaml')![0] as unknown as { resources: string[] };
    expect([...kustomization.resources].sort()).toEqual(
      all
        .map(([f]) => f)
        .filter((f) => f !== 'secrets.example.yaml')
        .sort(),
    );
    for (const file of kustomization.resources) {
      expect(files.get(file)!.some((d) => d.kind === 'Secret')).toBe(false);
    }
  });

  describe.each(workloads().map((w) => [w.spec.name, w] as const))('%s', (name, w) => {
    type Container = {
      args: string[];
      readinessProbe: { httpGet: { path: string } };
      livenessProbe: { httpGet: { path: string } };
      lifecycle: { preStop: { sleep: { seconds: number } } };
      resources: { requests: Record<string, string>; limits: Record<string, string> };
      env: { name: string; valueFrom?: { secretKeyRef?: unknown } }[];
    };
    const deployment = find('Deployment', name) as unknown as {
      spec: {
        replicas: number;
        template: { spec: { terminationGracePeriodSeconds: number; containers: Container[] } };
      };
    };

    it('runs from the one image with its entry point, probes on /readyz and /healthz, and resources', () => {
      expect(deployment).toBeDefined();
      const c = deployment.spec.template.spec.containers[0]!;
      expect(c.args).toEqual([`${w.spec.folder}/src/main.ts`]);
      expect(c.readinessProbe.httpGet.path).toBe('/readyz');
      expect(c.livenessProbe.httpGet.path).toBe('/healthz');
      expect(c.resources.requests.cpu).toBeTruthy();
      expect(c.resources.limits.memory).toBeTruthy();
    });

    it('gives the drain its time: grace covers the pre-stop pause and the 10 s HTTP drain', () => {
      const pod = deployment.spec.template.spec;
      expect(pod.terminationGracePeriodSeconds).toBe(GRACE_SECONDS);
      expect(pod.containers[0]!.lifecycle.preStop.sleep.seconds).toBe(PRE_STOP_SECONDS);
      expect(GRACE_SECONDS).toBeGreaterThanOrEqual(PRE_STOP_SECONDS + 10 + 5);
    });

    it('takes credentials from the Secret, never as literal values', () => {
      const env = deployment.spec.template.spec.containers[0]!.env;
      for (const key of ['DATABASE_URL', 'BUS_DATABASE_URL', 'GARRISON_BUS', 'GARRISON_ADMIN_PASSWORD']) {
        const entry = env.find((e) => e.name === key);
        if (entry) expect(entry.valueFrom?.secretKeyRef).toBeDefined();
      }
      expect(env.some((e) => e.name === 'DATABASE_URL')).toBe(w.spec.database);
    });

    it('has a Service on its ports, and a PodDisruptionBudget and an autoscaler only when stateless', () => {
      const service = find('Service', name) as unknown as {
        spec: { type: string; ports: { port: number }[] };
      };
      expect(service.spec.type).toBe(name === 'gateway' ? 'LoadBalancer' : 'ClusterIP');
      if (name !== 'gateway') expect(service.spec.ports[0]!.port).toBe(HTTP_PORT);
      expect(deployment.spec.replicas).toBe(w.stateless ? 2 : 1);
      expect(find('PodDisruptionBudget', name) !== undefined).toBe(w.stateless);
      expect(find('HorizontalPodAutoscaler', name) !== undefined).toBe(w.stateless);
    });
  });

  it('discovery is Kubernetes DNS: the config names every service by its Service name', () => {
    const config = find('ConfigMap', 'garrison-config') as unknown as { data: Record<string, string> };
    const table = JSON.parse(config.data.GARRISON_SERVICES!) as Record<
      string,
      { http: string; grpc?: string }
    >;
    for (const w of workloads()) {
      expect(table[w.spec.name]!.http).toBe(`http://${w.spec.name}:${HTTP_PORT}`);
      expect(table[w.spec.name]!.grpc !== undefined).toBe(w.spec.grpc);
    }
  });
});
