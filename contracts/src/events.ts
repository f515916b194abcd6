// The event schema registry: every message on the bus is described by one JSON Schema file
// `contracts/events/<producer>/<type>.v<N>.json` (draft 2020-12 or draft-07, with an `examples` array).
// Producers validate before writing to the outbox, consumers validate before running a handler.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction, type ErrorObject } from 'ajv/dist/2020.js';
import draft07MetaSchema from 'ajv/dist/refs/json-schema-draft-07.json' with { type: 'json' };
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped once more.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** The envelope every event and command travels in. `data` is described by the type's schema. */
export interface EventEnvelope<Data = unknown> {
  id: string;
  type: string;
  version: number;
  occurredAt: string;
  producer: string;
  correlationId: string;
  causationId: string | null;
  data: Data;
}

export const envelopeSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://garrison.dev/schemas/envelope.json',
  title: 'Garrison message envelope',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type', 'version', 'occurredAt', 'producer', 'correlationId', 'causationId', 'data'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    type: { type: 'string', pattern: '^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+$' },
    version: { type: 'integer', minimum: 1 },
    occurredAt: { type: 'string', format: 'date-time' },
    producer: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' },
    correlationId: { type: 'string', minLength: 1 },
    causationId: { type: ['string', 'null'] },
    data: {},
  },
} as const;

export interface EventSchemaEntry {
  /** The folder the schema lives in: the producing service (or, for a command, the owning service). */
  producer: string;
  type: string;
  version: number;
  file: string;
  schema: Record<string, unknown>;
  examples: unknown[];
}

export type ValidationResult = { valid: true } | { valid: false; known: boolean; reason: string };

export class EventSchemaError extends Error {
  override name = 'EventSchemaError';
}

const FILE_NAME = /^(?<type>[a-z][a-z0-9-]*(?:\.[a-z][a-z0-9-]*)+)\.v(?<version>[1-9][0-9]*)\.json$/;

export const defaultEventsDir = fileURLToPath(new URL('../events/', import.meta.url));

export class EventRegistry {
  private readonly byKey = new Map<string, EventSchemaEntry>();
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly ajv: Ajv2020;
  private readonly validateEnvelopeFn: ValidateFunction;

  constructor(entries: EventSchemaEntry[]) {
    this.ajv = new Ajv2020({ allErrors: true, strict: false });
    this.ajv.addMetaSchema(draft07MetaSchema);
    addFormats(this.ajv);
    this.validateEnvelopeFn = this.ajv.compile(envelopeSchema);
    for (const entry of entries) {
      const key = keyOf(entry.type, entry.version);
      const clash = this.byKey.get(key);
      if (clash) {
        throw new EventSchemaError(
          `${entry.type} v${entry.version} is defined twice: ${clash.file} and ${entry.file}`,
        );
      }
      this.byKey.set(key, entry);
    }
  }

  /**
   * Reads every `<producer>/<type>.v<N>.json` below `dir` (or only the `producers` folders given);
   * throws on a malformed file name or schema file.
   */
  static load(dir: string = defaultEventsDir, producers?: string[]): EventRegistry {
    const entries: EventSchemaEntry[] = [];
    for (const producer of readdirSync(dir).sort()) {
      if (producers && !producers.includes(producer)) continue;
      const producerDir = join(dir, producer);
      if (!statSync(producerDir).isDirectory()) continue;
      for (const fileName of readdirSync(producerDir).sort()) {
        if (!fileName.endsWith('.json')) continue;
        entries.push(readEntry(producer, join(producerDir, fileName), fileName));
      }
    }
    return new EventRegistry(entries);
  }

  entries(): EventSchemaEntry[] {
    return [...this.byKey.values()];
  }

  find(type: string, version: number): EventSchemaEntry | undefined {
    return this.byKey.get(keyOf(type, version));
  }

  versionsOf(type: string): number[] {
    return this.entries()
      .filter((e) => e.type === type)
      .map((e) => e.version)
      .sort((a, b) => a - b);
  }

  validate(type: string, version: number, data: unknown): ValidationResult {
    const entry = this.find(type, version);
    if (!entry) {
      const known = this.versionsOf(type);
      const hint = known.length ? `known versions: ${known.join(', ')}` : 'no schema with that type';
      return { valid: false, known: false, reason: `unknown event ${type} v${version} (${hint})` };
    }
    const validateFn = this.compiledFor(entry);
    if (validateFn(data)) return { valid: true };
    return { valid: false, known: true, reason: `${type} v${version}: ${describeErrors(validateFn.errors)}` };
  }

  validateEnvelope(value: unknown): ValidationResult {
    if (this.validateEnvelopeFn(value)) return { valid: true };
    return {
      valid: false,
      known: true,
      reason: `envelope: ${describeErrors(this.validateEnvelopeFn.errors)}`,
    };
  }

  private compiledFor(entry: EventSchemaEntry): ValidateFunction {
    const key = keyOf(entry.type, entry.version);
    let fn = this.compiled.get(key);
    if (!fn) {
      try {
        fn = this.ajv.compile(entry.schema);
      } catch (err) {
        throw new EventSchemaError(`${entry.file}: schema does not compile: ${(err as Error).message}`);
      }
      this.compiled.set(key, fn);
    }
    return fn;
  }
}

function readEntry(producer: string, file: string, fileName: string): EventSchemaEntry {
  const match = FILE_NAME.exec(fileName);
  if (!match?.groups) {
    throw new EventSchemaError(`${file}: file name must be <type>.v<N>.json, e.g. user.created.v1.json`);
  }
  let schema: unknown;
  try {
    schema = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new EventSchemaError(`${file}: not valid JSON: ${(err as Error).message}`);
  }
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw new EventSchemaError(`${file}: a schema must be a JSON object`);
  }
  const examples = (schema as { examples?: unknown }).examples;
  if (!Array.isArray(examples) || examples.length === 0) {
    throw new EventSchemaError(`${file}: needs a non-empty "examples" array`);
  }
  return {
    producer,
    type: match.groups['type'] as string,
    version: Number(match.groups['version']),
    file,
    schema: schema as Record<string, unknown>,
    examples,
  };
}

function describeErrors(errors: ErrorObject[] | null | undefined): string {
  if (!errors?.length) return 'invalid';
  return errors.map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`).join('; ');
}

function keyOf(type: string, version: number): string {
  return `${type}@${version}`;
}

let defaultRegistry: EventRegistry | undefined;

/** The registry of `contracts/events`, loaded once per process. */
export function eventRegistry(): EventRegistry {
  defaultRegistry ??= EventRegistry.load();
  return defaultRegistry;
}

export function validateEvent(type: string, version: number, data: unknown): ValidationResult {
  return eventRegistry().validate(type, version, data);
}

export function validateEnvelope(value: unknown): ValidationResult {
  return eventRegistry().validateEnvelope(value);
}
