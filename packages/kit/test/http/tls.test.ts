import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import http2 from 'node:http2';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService, type RunningService } from '../../src/index.js';
import { plainEnv, plainService } from '../fixtures/plain-service.js';

let dir: string;
let cert: Buffer;
let svc: RunningService;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kit-tls-'));
  // A throw-away self-signed certificate for 127.0.0.1.
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  cert = readFileSync(join(dir, 'cert.pem'));
  const key = readFileSync(join(dir, 'key.pem'));
  svc = await createService({ ...plainService, tls: () => ({ key, cert }) }, plainEnv);
});
afterAll(async () => {
  await svc?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('HTTPS with HTTP/2', () => {
  it('when tls is configured, then the service URL is https', () => {
    expect(svc.httpUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('when a client speaks HTTP/2, then routes and problem answers work over it', async () => {
    const session = http2.connect(svc.httpUrl, { ca: cert });
    try {
      const get = (path: string) =>
        new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
          const req = session.request({ ':path': path });
          let body = '';
          let status = 0;
          let type = '';
          req.on('response', (h) => {
            status = Number(h[':status']);
            type = String(h['content-type']);
          });
          req.on('data', (d: Buffer) => (body += d.toString()));
          req.on('end', () => resolve({ status, type, body }));
          req.on('error', reject);
          req.end();
        });
      expect((await get('/healthz')).status).toBe(200);
      const missing = await get('/nowhere');
      expect(missing.status).toBe(404);
      expect(missing.type).toMatch(/^application\/problem\+json/);
    } finally {
      session.close();
    }
  });

  it('when a client only speaks HTTP/1.1, then it is still served', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      https
        .get(`${svc.httpUrl}/healthz`, { ca: cert }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on('error', reject);
    });
    expect(status).toBe(200);
  });
});
