/**
 * The synchronous links between services, read from the sources of truth so the endpoint map cannot
 * drift: gRPC services and methods from contracts/proto (the package folder names the serving
 * service), gRPC calls from each service's `ctx.grpcClient(XService, 'name')`, WebSocket endpoints
 * from routes declared with `websocket: true`, and their messages from contracts/ws.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface GrpcMethod {
  name: string;
  request: string;
  response: string;
  streaming: boolean;
  /** The comment above the rpc, joined to one line. */
  doc: string;
}

export interface GrpcService {
  /** The Garrison service serving it (contracts/proto/garrison/<service>/v1). */
  owner: string;
  name: string;
  methods: GrpcMethod[];
}

export interface GrpcCall {
  caller: string;
  callee: string;
  grpcService: string;
}

export interface WebSocketEndpoint {
  service: string;
  path: string;
  /** Messages with schemas in contracts/ws: direction → types. */
  messages: Array<{ direction: string; types: string[] }>;
}

function filesUnder(dir: string, ext: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full, ext));
    else if (full.endsWith(ext)) out.push(full);
  }
  return out;
}

export function readGrpcServices(root: string): GrpcService[] {
  const services: GrpcService[] = [];
  const protoRoot = path.join(root, 'contracts/proto/garrison');
  for (const file of filesUnder(protoRoot, '.proto')) {
    const owner = path.relative(protoRoot, file).split(path.sep)[0]!;
    if (owner === 'testing') continue;
    const text = readFileSync(file, 'utf8');
    for (const svc of text.matchAll(/service (\w+) \{([\s\S]*?)\n\}/g)) {
      const methods: GrpcMethod[] = [];
      const body = svc[2]!;
      const rpc = /((?:[ \t]*\/\/.*\n)*)[ \t]*rpc (\w+)\((\w+)\) returns \((stream )?(\w+)\)/g;
      for (const m of body.matchAll(rpc)) {
        const doc = m[1]!
          .split('\n')
          .map((l) => l.replace(/^\s*\/\/\s?/, '').trim())
          .filter(Boolean)
          .join(' ');
        methods.push({ name: m[2]!, request: m[3]!, response: m[5]!, streaming: Boolean(m[4]), doc });
      }
      services.push({ owner, name: svc[1]!, methods });
    }
  }
  return services;
}

export function readGrpcCalls(root: string): GrpcCall[] {
  const calls = new Map<string, GrpcCall>();
  for (const service of readdirSync(path.join(root, 'services')).sort()) {
    const src = path.join(root, 'services', service, 'src');
    for (const file of filesUnder(src, '.ts')) {
      for (const m of readFileSync(file, 'utf8').matchAll(/grpcClient\(\s*(\w+),\s*'([\w-]+)'/g)) {
        const call = { caller: service, callee: m[2]!, grpcService: m[1]! };
        calls.set(`${call.caller}>${call.callee}>${call.grpcService}`, call);
      }
    }
  }
  return [...calls.values()];
}

/** Which contracts/ws folders describe the messages of an endpoint (see contracts/ws/README.md). */
const WS_MESSAGE_FOLDERS: Record<string, Array<{ folder: string; direction: string }>> = {
  '/api/agent': [
    { folder: 'agent', direction: 'agent → server' },
    { folder: 'server', direction: 'server → agent' },
  ],
  '/api/battles/:id/live': [{ folder: 'spectator', direction: 'server → spectator' }],
};

export function readWebSocketEndpoints(root: string): WebSocketEndpoint[] {
  const endpoints: WebSocketEndpoint[] = [];
  for (const service of readdirSync(path.join(root, 'services')).sort()) {
    const src = path.join(root, 'services', service, 'src');
    for (const file of filesUnder(src, '.ts')) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/app\.get\(\s*'([^']+)',\s*\{\s*websocket: true/g)) {
        const messages = (WS_MESSAGE_FOLDERS[m[1]!] ?? []).map(({ folder, direction }) => ({
          direction,
          types: readdirSync(path.join(root, 'contracts/ws', folder))
            .filter((f) => f.endsWith('.json'))
            .map((f) => f.replace(/\.json$/, ''))
            .sort(),
        }));
        endpoints.push({ service, path: m[1]!, messages });
      }
    }
  }
  return endpoints.sort((a, b) => a.path.localeCompare(b.path));
}
