// A service in a child process of its own, for the tests that kill one (a failpoint's SIGKILL, or the
// test's own kill -9) and watch another instance carry on.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Env } from '../config/define-config.js';
import { freePort } from '../net/free-ports.js';
import { testIdentityEnv } from './tokens.js';
import { waitFor } from './wait-for.js';

export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  /** Resolves with the signal that ended the process (null when it exited by itself). */
  exited: Promise<NodeJS.Signals | null>;
}

/**
 * Runs `main` (a service's entry point) with tsx on a planned port, trusting the test identity key,
 * and resolves once its /readyz answers. A process that exits before that fails the start.
 */
export async function startServiceProcess(
  main: string,
  env: Env,
  options: { readyTimeoutMs?: number } = {},
): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    env: {
      ...process.env,
      ...testIdentityEnv,
      LOG_LEVEL: 'warn',
      ...env,
      HTTP_PORT: String(port),
      GRPC_PORT: '0',
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal)),
  );
  const url = `http://127.0.0.1:${port}`;
  let ready = false;
  try {
    await Promise.race([
      waitFor(async () => (await fetch(`${url}/readyz`).catch(() => undefined))?.ok, {
        timeoutMs: options.readyTimeoutMs ?? 150_000,
        intervalMs: 250,
        message: `${main} ready`,
      }).then(() => (ready = true)),
      exited.then((signal) => {
        if (!ready) throw new Error(`${main} exited before it was ready (${signal ?? child.exitCode})`);
      }),
    ]);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return { url, child, exited };
}
