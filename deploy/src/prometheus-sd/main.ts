/**
 * Runs the Prometheus service-discovery endpoint (compose: the `prometheus-sd` container).
 * Reads the same GARRISON_DISCOVERY / GARRISON_SERVICES as every service; SD_PORT (default 9464).
 */
import { baseConfig, createDiscovery, parseDiscoverySpec } from '@garrison/kit';
import { metricsPorts, SD_PORT } from '../manifests/workloads.js';
import { sdServer } from './server.js';

const config = baseConfig.load();
const spec = parseDiscoverySpec(config.discovery);
if (typeof spec === 'string') {
  console.error(spec);
  process.exit(1);
}
const discovery = await createDiscovery(spec, config.services);
// Registry entries list HTTP addresses; the gateway is scraped on its internal metrics listener, whose
// port is fixed in containers (SD_METRICS_PORTS overrides it, e.g. {"gateway":9100}).
const app = sdServer(discovery, {
  metricsPorts: {
    ...metricsPorts(),
    ...(JSON.parse(process.env.SD_METRICS_PORTS ?? '{}') as Record<string, number>),
  },
});
const port = Number(process.env.SD_PORT ?? SD_PORT);
await app.listen({ host: process.env.HOST ?? '0.0.0.0', port });
console.log(JSON.stringify({ msg: 'prometheus http_sd listening', port, discovery: spec.kind }));

const stop = () => {
  void app
    .close()
    .then(() => discovery.close())
    .finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
