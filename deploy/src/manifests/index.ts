/**
 * Every deploy artefact derived from the topology (run by `npm run gen`): Kubernetes manifests,
 * compose, the Prometheus scrape config and the Grafana dashboards. Formatted with the repository's
 * Prettier settings, so `prettier --check` and `gen --check` agree.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';
import { renderCompose } from './compose.js';
import { renderGrafana } from './render-grafana.js';
import { renderKubernetes } from './render-k8s.js';
import { renderPrometheus } from './render-prometheus.js';

/** Folders whose every file is generated: files no generator writes any more are removed. */
export const GENERATED_DIRS = ['deploy/k8s', 'deploy/grafana'];

export const DEPLOY_OUTPUTS = [
  ...GENERATED_DIRS,
  'deploy/prometheus/prometheus.yml',
  'deploy/compose.yaml',
  'deploy/compose',
  'deploy/.env',
];

const under = (dir: string, files: Record<string, string>) =>
  Object.fromEntries(Object.entries(files).map(([name, text]) => [`${dir}/${name}`, text]));

/** Repository-relative path → content. */
export async function deployArtefacts(root: string): Promise<Record<string, string>> {
  const raw = {
    ...under('deploy/k8s', renderKubernetes()),
    ...under('deploy/grafana', renderGrafana()),
    ...under('deploy/prometheus', renderPrometheus()),
    ...under('deploy', renderCompose()),
  };
  const out: Record<string, string> = {};
  for (const [file, text] of Object.entries(raw)) {
    const filepath = path.join(root, file);
    const info = await prettier.getFileInfo(filepath);
    const options = await prettier.resolveConfig(filepath);
    out[file] = info.inferredParser ? await prettier.format(text, { ...options, filepath }) : text;
  }
  return out;
}

export async function writeDeployArtefacts(root: string): Promise<void> {
  const files = await deployArtefacts(root);
  for (const dir of GENERATED_DIRS) {
    const abs = path.join(root, dir);
    for (const entry of readdirSync(abs, { recursive: true, withFileTypes: true }).filter((e) =>
      e.isFile(),
    )) {
      const rel = path.relative(root, path.join(entry.parentPath, entry.name));
      if (!(rel in files)) rmSync(path.join(root, rel));
    }
  }
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
}
