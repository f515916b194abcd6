// `npm run gen`: regenerates every derived artefact from its source of truth.
// `npm run gen -- --check` (CI): also lints the sources and fails when the committed output differs
// from what the sources generate. Each generator is one entry; add OpenAPI/AsyncAPI doc generators
// to the list as they appear.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { asyncApiDocument } from './gen/asyncapi.js';
import { readEventCatalog } from './gen/event-catalog.js';
import { eventsMarkdown } from './gen/events-doc.js';
import { endpointsMarkdown } from './gen/endpoints-doc.js';
import { staleDiagrams } from './diagrams.js';
import { readGrpcCalls, readGrpcServices, readWebSocketEndpoints } from './gen/service-links.js';
import { readServiceOpenApi } from './gen/service-openapi.js';
import { generateAgentProtocolDoc } from './gen-agent-protocol.js';
import { DEPLOY_OUTPUTS, writeDeployArtefacts } from '@garrison/deploy/manifests';

const root = fileURLToPath(new URL('..', import.meta.url));
const buf = `${root}node_modules/@bufbuild/buf-linux-x64/bin/buf`;
const check = process.argv.includes('--check');

interface Generator {
  name: string;
  /** Lints the sources (check mode only). */
  lint?(): void;
  run(): void | Promise<void>;
  /** Paths, relative to the repository root, holding the generated output. */
  outputs: string[];
}

function exec(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0) {
    process.stdout.write(result.stdout ?? '');
    throw new Error(`${command} ${args.join(' ')} failed with status ${result.status}`);
  }
  return result.stdout;
}

const generators: Generator[] = [
  {
    name: 'protobuf → contracts/src/gen (buf + protoc-gen-es)',
    lint: () => void exec(buf, ['lint'], `${root}contracts`),
    run: () => void exec(buf, ['generate'], `${root}contracts`),
    outputs: ['contracts/src/gen'],
  },
  {
    name: 'contracts/events + onEvent declarations → docs/events.md, docs/asyncapi.json',
    run: () => {
      const catalog = readEventCatalog(root);
      writeFileSync(`${root}docs/events.md`, eventsMarkdown(catalog));
      writeFileSync(`${root}docs/asyncapi.json`, JSON.stringify(asyncApiDocument(catalog), null, 2) + '\n');
    },
    outputs: ['docs/events.md', 'docs/asyncapi.json'],
  },
  {
    name: 'contracts/ws → docs/agent-protocol.md',
    run: () => writeFileSync(`${root}docs/agent-protocol.md`, generateAgentProtocolDoc()),
    outputs: ['docs/agent-protocol.md'],
  },
  {
    name: "every service's /openapi.json → contracts/openapi/*.json, docs/endpoints.md (needs PostgreSQL)",
    run: async () => {
      const documents = await readServiceOpenApi(root);
      mkdirSync(`${root}contracts/openapi`, { recursive: true });
      for (const [name, doc] of Object.entries(documents)) {
        writeFileSync(`${root}contracts/openapi/${name}.json`, JSON.stringify(doc, null, 2) + '\n');
      }
      const links = {
        grpcServices: readGrpcServices(root),
        grpcCalls: readGrpcCalls(root),
        webSockets: readWebSocketEndpoints(root),
      };
      writeFileSync(`${root}docs/endpoints.md`, endpointsMarkdown(documents, readEventCatalog(root), links));
    },
    outputs: ['contracts/openapi', 'docs/endpoints.md'],
  },
  {
    name: 'deploy/src/topology.ts → deploy/k8s, compose.yaml, prometheus.yml, grafana dashboards',
    run: () => writeDeployArtefacts(root),
    outputs: DEPLOY_OUTPUTS,
  },
];

for (const g of generators) {
  console.log(`gen: ${g.name}`);
  if (check) g.lint?.();
  await g.run();
  if (check) {
    // Read-only git query: modified, deleted or new files under the output paths.
    const drift = exec('git', ['status', '--porcelain', '--', ...g.outputs], root).trim();
    if (drift) {
      console.error(
        `gen: generated files differ from the committed ones; run \`npm run gen\` and commit:\n${drift}`,
      );
      process.exit(1);
    }
  }
}
// Rendering needs a browser (`npm run diagrams`); the check only needs each SVG's source hash.
if (check) {
  const stale = staleDiagrams();
  if (stale.length > 0) {
    console.error(
      `gen: diagrams out of date; run \`npm run diagrams\` and commit: ${stale.map((d) => d.file).join(', ')}`,
    );
    process.exit(1);
  }
}
// Service handles (pools, sockets) may linger briefly after stop; the work is done.
process.exit(0);
