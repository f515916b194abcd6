import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped once more.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

// Fastify's own defaults (@fastify/ajv-compiler), with the kit's choices: report every problem at once,
// reject unknown properties where a schema says so instead of dropping them.
const COMMON: Options = {
  useDefaults: true,
  removeAdditional: false,
  addUsedSchema: false,
  allErrors: true,
};

function ajvWith(options: Options): Ajv {
  const ajv = new Ajv({ ...COMMON, ...options });
  addFormats(ajv);
  return ajv;
}

/**
 * One validator per part of a request. A JSON body states its types: `title: 12345` or
 * `capacity: "4"` is a 400, never silently converted. Path parameters, query strings and headers
 * arrive as text, so there `?limit=10` still becomes a number (ADR 150).
 */
export function validatorCompiler(): FastifySchemaCompiler<unknown> {
  const strictBodies = ajvWith({ coerceTypes: false });
  const textParts = ajvWith({ coerceTypes: 'array' });
  return ({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? strictBodies : textParts;
    const s = schema as { $id?: string };
    if (s.$id) {
      const stored = ajv.getSchema(s.$id);
      if (stored) return stored;
    }
    return ajv.compile(schema as object);
  };
}
