/**
 * Prometheus HTTP service discovery (`http_sd_configs`) from the discovery registry: one target per
 * live instance. A registry entry may name a DNS name rather than an address (the static table in
 * compose and Kubernetes, ADR 202): it is expanded to every address the name resolves to, so each
 * replica is scraped on its own instead of whichever one the name lands on.
 */
import type { Instance } from '@garrison/kit';

/** The JSON Prometheus expects from an http_sd endpoint. */
export interface TargetGroup {
  targets: string[];
  labels: Record<string, string>;
}

/** Every address a host name resolves to; an IP literal resolves to itself. */
export type Lookup = (host: string) => Promise<string[]>;

export interface TargetOptions {
  /** Only this service's instances. */
  service?: string;
  /**
   * Scrape port per service when it differs from the HTTP port (the gateway's internal metrics
   * listener). Used for entries that carry no metrics URL of their own.
   */
  metricsPorts?: Record<string, number>;
}

/** Where an instance serves /metrics: its own metrics URL when registered, else its HTTP address. */
function metricsUrlOf(instance: Instance, metricsPorts: Record<string, number>): URL | undefined {
  const own = (instance as Instance & { metrics?: string }).metrics;
  if (own) return new URL(own);
  if (!instance.http) return undefined;
  const url = new URL('/metrics', instance.http);
  const port = metricsPorts[instance.name];
  if (port !== undefined) url.port = String(port);
  return url;
}

export async function targetGroups(
  instances: readonly Instance[],
  lookup: Lookup,
  options: TargetOptions = {},
): Promise<TargetGroup[]> {
  const groups: TargetGroup[] = [];
  for (const instance of instances) {
    if (options.service !== undefined && instance.name !== options.service) continue;
    const url = instance.healthy ? metricsUrlOf(instance, options.metricsPorts ?? {}) : undefined;
    if (!url) continue;
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const addresses = await lookup(host).catch(() => []);
    // a name that does not resolve (yet) is left out: Prometheus asks again on its next refresh
    const targets = [...new Set(addresses)]
      .sort()
      .map((a) => (a.includes(':') ? `[${a}]:${port}` : `${a}:${port}`));
    if (targets.length === 0) continue;
    groups.push({
      targets,
      labels: {
        __meta_garrison_service: instance.name,
        __meta_garrison_instance_id: instance.id,
        ...(instance.version ? { __meta_garrison_version: instance.version } : {}),
        ...(url.protocol === 'https:' ? { __scheme__: 'https' } : {}),
        ...(url.pathname !== '/metrics' ? { __metrics_path__: url.pathname } : {}),
      },
    });
  }
  return groups;
}
