/**
 * Kubernetes NetworkPolicy ingress semantics, enough to answer "may this pod reach that port":
 * a pod selected by no policy accepts everything; once selected, only what some rule allows.
 * Implements matchLabels/matchExpressions, podSelector/namespaceSelector (alone and combined),
 * ipBlock, and numeric and named ports.
 */
interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: {
    key: string;
    operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
    values?: string[];
  }[];
}
interface Peer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}
interface PolicyPort {
  protocol?: string;
  port?: number | string;
}
export interface Policy {
  metadata: { name: string; namespace?: string };
  spec: {
    podSelector: LabelSelector;
    policyTypes?: string[];
    ingress?: { from?: Peer[]; ports?: PolicyPort[] }[];
  };
}

export interface PodRef {
  namespace: string;
  namespaceLabels: Record<string, string>;
  labels: Record<string, string>;
  /** Named container ports of the pod (destination only). */
  ports?: Record<string, number>;
}

export function selects(selector: LabelSelector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = e.key in labels;
    const value = labels[e.key];
    const ok =
      e.operator === 'In'
        ? has && (e.values ?? []).includes(value!)
        : e.operator === 'NotIn'
          ? !has || !(e.values ?? []).includes(value!)
          : e.operator === 'Exists'
            ? has
            : !has;
    if (!ok) return false;
  }
  return true;
}

function peerAllows(peer: Peer, policyNamespace: string, source: PodRef): boolean {
  if (peer.ipBlock) return false; // pod-to-pod traffic is judged by selectors here
  const namespaceOk = peer.namespaceSelector
    ? selects(peer.namespaceSelector, source.namespaceLabels)
    : source.namespace === policyNamespace;
  const podOk = peer.podSelector ? selects(peer.podSelector, source.labels) : true;
  return namespaceOk && podOk;
}

function portAllows(port: PolicyPort, destination: PodRef, target: number): boolean {
  if ((port.protocol ?? 'TCP') !== 'TCP') return false;
  if (port.port === undefined) return true;
  if (typeof port.port === 'number') return port.port === target;
  return destination.ports?.[port.port] === target;
}

/** May `source` open a TCP connection to `destination` on `port`? */
export function ingressAllowed(
  policies: readonly Policy[],
  source: PodRef,
  destination: PodRef,
  port: number,
): boolean {
  const applying = policies.filter(
    (p) =>
      (p.metadata.namespace ?? 'default') === destination.namespace &&
      (p.spec.policyTypes ?? ['Ingress']).includes('Ingress') &&
      selects(p.spec.podSelector, destination.labels),
  );
  if (applying.length === 0) return true;
  return applying.some((p) =>
    (p.spec.ingress ?? []).some(
      (rule) =>
        (rule.from === undefined ||
          rule.from.length === 0 ||
          rule.from.some((peer) => peerAllows(peer, destination.namespace, source))) &&
        (rule.ports === undefined ||
          rule.ports.length === 0 ||
          rule.ports.some((pp) => portAllows(pp, destination, port))),
    ),
  );
}
