// Loads the tanks/1 JSON Schemas (contracts/ws) and checks messages against them with ajv.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';

/** contracts/ws of this repository (the package runs from source). */
export const WS_CONTRACTS_DIR = fileURLToPath(new URL('../../../../contracts/ws/', import.meta.url));

/** Who sends a message: `agent` (to the server), `server` (to the agent), `spectator` frames. */
export type Direction = 'agent' | 'server' | 'spectator';

export interface MessageSchema {
  direction: Direction;
  /** The `type` the message carries (file name without `.json`). */
  type: string;
  file: string;
  schema: Record<string, unknown> & { description?: string; examples?: unknown[] };
}

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/** Every message schema, directions in protocol order, types sorted by name. */
export function readMessageSchemas(dir = WS_CONTRACTS_DIR): MessageSchema[] {
  const out: MessageSchema[] = [];
  for (const direction of ['agent', 'server', 'spectator'] as const) {
    for (const name of readdirSync(join(dir, direction)).sort()) {
      if (!name.endsWith('.json')) continue;
      const file = join(dir, direction, name);
      out.push({ direction, type: name.slice(0, -'.json'.length), file, schema: readJson(file) });
    }
  }
  return out;
}

export function readCommonSchema(dir = WS_CONTRACTS_DIR): Record<string, unknown> {
  return readJson(join(dir, 'common.json'));
}

/** The `type` values a schema accepts: its `const`, or each of its `enum` (spectator frames). */
function typesOf(s: MessageSchema): string[] {
  const property = (
    s.schema['properties'] as Record<string, { const?: string; enum?: string[] }> | undefined
  )?.['type'];
  return property?.enum ?? [property?.const ?? s.type];
}

export type Checked<T> =
  { ok: true; message: T } | { ok: false; code: 'not-json' | 'bad-message' | 'unknown-type'; reason: string };

function describe(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .slice(0, 3)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`)
    .join('; ');
}

/** Validates the messages of one direction; compiled once, shared by every connection. */
export class MessageValidator {
  private readonly byType = new Map<string, ValidateFunction>();

  constructor(direction: Direction, dir = WS_CONTRACTS_DIR) {
    const ajv = new Ajv2020({ allErrors: false, strict: false });
    ajv.addSchema(readCommonSchema(dir));
    const schemas = readMessageSchemas(dir);
    // Messages may refer to each other (snapshot embeds offer and tick): register all first.
    for (const s of schemas) ajv.addSchema(s.schema);
    for (const s of schemas) {
      if (s.direction !== direction) continue;
      const validate = ajv.getSchema(String(s.schema['$id']))!;
      for (const type of typesOf(s)) this.byType.set(type, validate);
    }
  }

  get types(): string[] {
    return [...this.byType.keys()];
  }

  /** Checks an already parsed value. */
  check<T>(value: unknown): Checked<T> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { ok: false, code: 'bad-message', reason: 'a message is a JSON object with a "type"' };
    }
    const type = (value as { type?: unknown }).type;
    if (typeof type !== 'string')
      return { ok: false, code: 'bad-message', reason: 'the "type" field is missing' };
    const validate = this.byType.get(type);
    if (!validate)
      return { ok: false, code: 'unknown-type', reason: `unknown message type "${type.slice(0, 40)}"` };
    if (!validate(value))
      return { ok: false, code: 'bad-message', reason: `${type}: ${describe(validate.errors)}` };
    return { ok: true, message: value as T };
  }

  /** Parses JSON text and checks it. */
  parse<T>(text: string): Checked<T> {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return { ok: false, code: 'not-json', reason: 'the message is not JSON' };
    }
    return this.check<T>(value);
  }
}
