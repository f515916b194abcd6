import { HIDDEN_ROUTE } from '../hidden.js';
import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { WEB_SECURITY_HEADERS } from './security-headers.js';

export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../../../apps/web/build/', import.meta.url));

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Garrison</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto">
<h1>Garrison</h1>
<p>The web app is not built. Run <code>npm run build -w @garrison/web</code> and reload.</p>
<p>The API is up: see <a href="/docs">/docs</a>.</p>
</body></html>`;

async function isDirectory(dir: string): Promise<boolean> {
  return (await stat(dir).catch(() => undefined))?.isDirectory() ?? false;
}

/** A file under `root` for a URL path, or undefined (missing, a folder, or outside root). */
async function fileFor(root: string, urlPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const resolved = path.resolve(root, `.${path.posix.normalize(decoded)}`);
  if (resolved !== root && !resolved.startsWith(root + path.sep)) return undefined;
  const info = await stat(resolved).catch(() => undefined);
  return info?.isFile() ? path.relative(root, resolved) : undefined;
}

/**
 * Serves the single-page app: real files as they are (hashed assets cached for a year), any other
 * non-API GET gets index.html so client-side routes survive a reload. Registered last-resort (`/*`):
 * /api, /docs and the platform endpoints are more specific routes and win.
 */
export async function registerWebApp(app: FastifyInstance, webDir: string | undefined): Promise<void> {
  const root = path.resolve(webDir ?? DEFAULT_WEB_DIR);
  const built = await isDirectory(root);
  if (built) await app.register(fastifyStatic, { root, serve: false });

  app.get('/*', { schema: HIDDEN_ROUTE }, async (req, reply) => {
    reply.headers(WEB_SECURITY_HEADERS);
    const urlPath = req.url.split('?', 1)[0] ?? '/';
    if (!built) return reply.type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
    const file = await fileFor(root, urlPath);
    if (file && file !== 'index.html') {
      const hashed = file.startsWith(`assets${path.sep}`);
      return reply.sendFile(file, { maxAge: hashed ? '365d' : 0, immutable: hashed });
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html', { maxAge: 0 });
  });
}
