import { isOpenRequest } from '../auth/open-paths.js';
import { resolveRoute, type RouteEntry } from '../routes.js';

/** A minimal view of an OpenAPI document: only what merging touches. */
export interface OpenApiDocument {
  openapi?: string;
  info?: { title?: string; version?: string; description?: string };
  paths?: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  tags?: Array<{ name: string; description?: string }>;
  [key: string]: unknown;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Component names are namespaced per service: two services may both call a schema "def-0". */
function componentName(service: string, name: string): string {
  return `${service}_${name}`;
}

/** Deep copy with every local `$ref` pointing at the namespaced component. */
function rewriteRefs(value: unknown, service: string): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, service));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const ref = key === '$ref' && typeof v === 'string' ? /^#\/components\/([^/]+)\/(.+)$/.exec(v) : null;
    out[key] = ref ? `#/components/${ref[1]}/${componentName(service, ref[2]!)}` : rewriteRefs(v, service);
  }
  return out;
}

/**
 * One OpenAPI 3.1 document for the whole public API: each service contributes only the paths the
 * gateway routes to it (its internal endpoints stay out), tagged with the service's name; operations
 * that need no token say so (`security: []`).
 */
export function mergeOpenApi(
  docs: ReadonlyArray<{ service: string; doc: OpenApiDocument }>,
  missing: readonly string[],
  table?: readonly RouteEntry[],
): OpenApiDocument {
  const paths: Record<string, Record<string, unknown>> = {};
  const components: Record<string, Record<string, unknown>> = {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
  };
  const tags: Array<{ name: string; description: string }> = [];

  for (const { service, doc } of docs) {
    tags.push({ name: service, description: doc.info?.description ?? `The ${service} service` });
    for (const [kind, entries] of Object.entries(doc.components ?? {})) {
      if (kind === 'securitySchemes') continue;
      const target = (components[kind] ??= {});
      for (const [name, def] of Object.entries(entries))
        target[componentName(service, name)] = rewriteRefs(def, service);
    }
    for (const [route, item] of Object.entries(doc.paths ?? {})) {
      if (resolveRoute(route, table)?.service !== service) continue;
      const merged: Record<string, unknown> = {};
      for (const [key, op] of Object.entries(rewriteRefs(item, service) as Record<string, unknown>)) {
        if (!METHODS.includes(key) || typeof op !== 'object' || op === null) {
          merged[key] = op;
          continue;
        }
        const operation: Record<string, unknown> = { ...(op as Record<string, unknown>), tags: [service] };
        const id = operation.operationId;
        if (typeof id === 'string') operation.operationId = `${service}.${id}`;
        if (isOpenRequest(key.toUpperCase(), route)) operation.security = [];
        merged[key] = operation;
      }
      paths[route] = { ...(paths[route] ?? {}), ...merged };
    }
  }

  const note = missing.length ? `\n\nNot running, so not listed: ${missing.join(', ')}.` : '';
  return {
    openapi: '3.1.0',
    info: {
      title: 'Garrison API',
      version: '1.0.0',
      description: `Every public endpoint, as served through the gateway. Send \`Authorization: Bearer <accessToken>\` (from POST /api/auth/login).${note}`,
    },
    tags,
    security: [{ bearer: [] }],
    paths,
    components,
  };
}
