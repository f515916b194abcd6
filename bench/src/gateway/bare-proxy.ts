// The floor of a proxy in Node: `node:http` server → undici keep-alive pool → the upstream, the body
// piped back, with the same identity headers nginx adds and nothing else (no framework, no token
// check, no rate limit, no metrics, no logs). What Garrison's gateway costs above this is its own;
// what this costs above nginx is Node's. Run as its own process: `tsx bare-proxy.ts <port> <upstream>`.
import http from 'node:http';
import { Agent, request } from 'undici';

const [port, upstream, headersJson] = process.argv.slice(2);
const extra = JSON.parse(headersJson ?? '{}') as Record<string, string>;
const agent = new Agent({ keepAliveTimeout: 4_000 });

http
  .createServer((req, res) => {
    const headers: Record<string, string> = { ...extra };
    for (const [name, value] of Object.entries(req.headers)) {
      if (name !== 'host' && name !== 'connection' && typeof value === 'string') headers[name] = value;
    }
    request(`${upstream}${req.url}`, { dispatcher: agent, method: 'GET', headers })
      .then((answer) => {
        const out: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(answer.headers))
          if (value !== undefined && name !== 'connection' && name !== 'keep-alive') out[name] = value;
        res.writeHead(answer.statusCode, out);
        answer.body.pipe(res);
      })
      .catch(() => {
        res.writeHead(502).end();
      });
  })
  .listen(Number(port), '127.0.0.1', () => process.send?.('listening'));
