/**
 * The OpenAPI document of every service, read from the service itself: each one is started in
 * this process (real PostgreSQL, throw-away databases, port 0) and asked for `/openapi.json`, so the
 * documents are what the route schemas say, never a hand-kept copy. The gateway is left out: it
 * only merges the others.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServiceDefinition } from '@garrison/kit';
import { needsPostgres, startTestService } from '@garrison/kit/testing';
import type { OpenApiDocument } from './endpoints-doc.js';

const isDefinition = (value: unknown): value is ServiceDefinition =>
  typeof value === 'object' && value !== null && 'name' in value && 'setup' in value;

export async function readServiceOpenApi(root: string): Promise<Record<string, OpenApiDocument>> {
  if (!(await needsPostgres()))
    throw new Error('generating the endpoint map needs PostgreSQL on 127.0.0.1:5432');
  const documents: Record<string, OpenApiDocument> = {};
  for (const folder of readdirSync(join(root, 'services')).sort()) {
    const file = join(root, 'services', folder, 'src', 'service.ts');
    if (folder === 'gateway' || !existsSync(file)) continue;
    const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    const definition = Object.values(module).find(isDefinition);
    if (!definition) continue;
    const svc = await startTestService(definition);
    try {
      documents[definition.name] = (await (await fetch(`${svc.url}/openapi.json`)).json()) as OpenApiDocument;
    } finally {
      await svc.stop();
    }
  }
  return documents;
}
