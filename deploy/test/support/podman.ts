/**
 * podman for the deploy suites, with the settings this kind of machine needs (containers.conf: runc,
 * fixed ulimits), the local base image (base-image.sh) and the Garrison image built from it.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, runOk, type RunResult } from './tools.js';

const SUPPORT = fileURLToPath(new URL('.', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const BASE_IMAGE = 'localhost/garrison-node-base:20';

const ENV = { CONTAINERS_CONF: path.join(SUPPORT, 'containers.conf') };
const RUNTIME_FLAGS = [
  '--runtime',
  'runc',
  '--ulimit',
  'nofile=20000:20000',
  '--ulimit',
  'nproc=32768:32768',
];

export const podman = (args: readonly string[]): Promise<RunResult> => run('podman', args, { env: ENV });
export const podmanOk = (args: readonly string[]): Promise<RunResult> => runOk('podman', args, { env: ENV });

/** debootstrap + the host's node, once per machine (kept between runs as a podman image). */
export async function ensureBaseImage(): Promise<void> {
  await runOk('bash', [path.join(SUPPORT, 'base-image.sh'), BASE_IMAGE], { env: ENV });
}

/**
 * Builds deploy/Containerfile on the local base. The host's npm cache is mounted into the build
 * (the image does not keep it), so `npm ci` reads what `npm ci` on the host already fetched.
 */
export async function buildImage(tag: string): Promise<void> {
  await podmanOk([
    'build',
    ...RUNTIME_FLAGS,
    '--build-arg',
    `BASE_IMAGE=${BASE_IMAGE}`,
    '--volume',
    `${path.join(os.homedir(), '.npm')}:/root/.npm`,
    '--file',
    'deploy/Containerfile',
    '--tag',
    tag,
    REPO_ROOT,
  ]);
}

export interface ContainerSpec {
  name: string;
  image: string;
  command: string[];
  env: Record<string, string>;
  stopTimeoutSeconds: number;
}

/**
 * Starts a container on the host network: the host's PostgreSQL, RabbitMQ and etcd listen on
 * loopback only, so the services share the host's; each gets its own ports through its environment.
 */
export async function runContainer(spec: ContainerSpec): Promise<void> {
  await podmanOk([
    'run',
    '--detach',
    '--name',
    spec.name,
    '--network',
    'host',
    '--stop-timeout',
    String(spec.stopTimeoutSeconds),
    ...Object.entries(spec.env).flatMap(([k, v]) => ['--env', `${k}=${v}`]),
    spec.image,
    ...spec.command,
  ]);
}

export async function containerLogs(name: string): Promise<string> {
  const result = await podman(['logs', name]);
  return result.stdout + result.stderr;
}

/** `podman stop` (SIGTERM, then SIGKILL after the timeout): how long it took and how the process ended. */
export async function stopContainer(
  name: string,
  timeoutSeconds: number,
): Promise<{ ms: number; exitCode: number; logs: string }> {
  const started = Date.now();
  await podmanOk(['stop', '--time', String(timeoutSeconds), name]);
  const ms = Date.now() - started;
  const inspect = await podmanOk(['inspect', '--format', '{{.State.ExitCode}}', name]);
  return { ms, exitCode: Number(inspect.stdout.trim()), logs: await containerLogs(name) };
}

export async function removeContainers(names: readonly string[]): Promise<void> {
  if (names.length > 0) await podman(['rm', '--force', '--time', '0', ...names]);
}
