// Starts bare-proxy.ts as its own process (so its CPU is measured apart) and waits until it listens.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export async function startBareProxy(
  port: number,
  upstream: string,
  headers: Record<string, string>,
): Promise<{ url: string; pid: number; stop(): void }> {
  const child = fork(
    fileURLToPath(new URL('./bare-proxy.ts', import.meta.url)),
    [String(port), upstream, JSON.stringify(headers)],
    { execArgv: ['--import', 'tsx'], stdio: 'inherit' },
  );
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`the bare proxy exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, stop: () => child.kill('SIGTERM') };
}
