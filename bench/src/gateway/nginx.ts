// nginx (Debian's `nginx-light`) as the baseline proxy: one worker, keep-alive to the upstream, the
// same identity headers the gateway forwards. Started in a temporary prefix, stopped by its pid.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface RunningNginx {
  url: string;
  pids(): Promise<number[]>;
  stop(): Promise<void>;
}

export async function startNginx(opts: {
  port: number;
  upstream: string;
  /** Headers nginx adds to every proxied request (the identity the gateway would forward). */
  setHeaders: Record<string, string>;
}): Promise<RunningNginx> {
  const prefix = await mkdtemp(path.join(tmpdir(), 'garrison-nginx-'));
  const upstream = new URL(opts.upstream);
  const headers = Object.entries(opts.setHeaders)
    .map(([name, value]) => `      proxy_set_header ${name} "${value}";`)
    .join('\n');
  const conf = `
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
daemon on;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  upstream service { server ${upstream.host}; keepalive 64; }
  server {
    listen 127.0.0.1:${opts.port};
    location / {
      proxy_http_version 1.1;
      proxy_set_header Connection "";
${headers}
      proxy_pass http://service;
    }
  }
}
`;
  await writeFile(path.join(prefix, 'nginx.conf'), conf);
  await new Promise<void>((resolve, reject) => {
    const child = spawn('nginx', ['-p', prefix, '-c', path.join(prefix, 'nginx.conf')], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`nginx exited with ${code}`))));
  });
  const masterPid = Number((await readFile(path.join(prefix, 'nginx.pid'), 'utf8')).trim());
  return {
    url: `http://127.0.0.1:${opts.port}`,
    async pids() {
      const children = await readFile(`/proc/${masterPid}/task/${masterPid}/children`, 'utf8').catch(
        () => '',
      );
      return [masterPid, ...children.split(/\s+/).filter(Boolean).map(Number)];
    },
    async stop() {
      process.kill(masterPid, 'SIGQUIT');
      for (let i = 0; i < 50; i++) {
        try {
          process.kill(masterPid, 0);
        } catch {
          break;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      await rm(prefix, { recursive: true, force: true });
    },
  };
}
