/** deploy/prometheus/prometheus.yml: one scrape job per service, targets from the registry (http_sd). */
import { stringify } from 'yaml';
import { GENERATED_HEADER } from './render-k8s.js';
import { SD_PORT, workloads } from './workloads.js';

/** The service-discovery endpoint as compose names it (deploy/src/prometheus-sd). */
export const COMPOSE_SD_URL = `http://prometheus-sd:${SD_PORT}/targets`;

export interface PrometheusOptions {
  /** Base URL of the http_sd endpoint; each job adds `?service=<name>`. */
  sdUrl: string;
  scrapeInterval: string;
  /** host:port of Alertmanager, if any. */
  alertmanager?: string;
  ruleFiles: string[];
}

/** The configuration as an object: the deploy tests render it with their own URLs and interval. */
export function prometheusConfig(options: PrometheusOptions) {
  return {
    global: {
      scrape_interval: options.scrapeInterval,
      evaluation_interval: options.scrapeInterval,
      external_labels: { system: 'garrison' },
    },
    rule_files: options.ruleFiles,
    ...(options.alertmanager
      ? { alerting: { alertmanagers: [{ static_configs: [{ targets: [options.alertmanager] }] }] } }
      : {}),
    scrape_configs: [
      // The job list comes from the topology; the instances of each job come live from the registry,
      // so a new replica is scraped without editing this file.
      ...workloads().map((w) => ({
        job_name: w.spec.name,
        metrics_path: '/metrics',
        http_sd_configs: [{ url: `${options.sdUrl}?service=${w.spec.name}`, refresh_interval: '15s' }],
      })),
      { job_name: 'prometheus', static_configs: [{ targets: ['localhost:9090'] }] },
    ],
  };
}

export function renderPrometheus(): Record<string, string> {
  const config = prometheusConfig({
    sdUrl: COMPOSE_SD_URL,
    scrapeInterval: '15s',
    alertmanager: 'alertmanager:9093',
    ruleFiles: ['alerts.yml'],
  });
  return {
    'prometheus.yml': GENERATED_HEADER + stringify(config, { lineWidth: 0, aliasDuplicateObjects: false }),
  };
}
