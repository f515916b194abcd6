import type { FastifyRequest } from 'fastify';
import { problem } from './problem.js';

// Control characters are never data a person typed. PostgreSQL refuses NUL in text and jsonb (an
// answer of 500 after work was done), and the others (escape, backspace, bell...) spoof logs and
// terminals. Bodies may keep tab, line feed and carriage return: descriptions, bot sources and
// messages are multi-line. Path parameters, query strings and object keys are single-line: no
// control character at all. DEL (U+007F) counts as one. See ADR 150.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// eslint-disable-next-line no-control-regex
const FORBIDDEN_IN_LINE = /[\u0000-\u001F\u007F]/;

const MAX_DEPTH = 64;

/** True when `text` holds a control character (`multiLine`: tab, LF and CR are allowed). */
export function hasControlCharacter(text: string, multiLine = false): boolean {
  return (multiLine ? FORBIDDEN_IN_TEXT : FORBIDDEN_IN_LINE).test(text);
}

// Parsed input only: JSON objects, and the query/params bags (fast-querystring gives them a
// prototype of their own whose own prototype is null). Streams, buffers and other objects are skipped.
function isPlainContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  if (Array.isArray(value)) return true;
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === Object.prototype || proto === null || Object.getPrototypeOf(proto) === null;
}

/**
 * The JSON-pointer-like path (`body/title`, `query/query`) of the first string holding a forbidden
 * control character in `value`, or undefined. Only parsed input is walked (plain objects, arrays,
 * strings): a streamed body (the gateway's pass-through) is left to the service that parses it.
 */
export function findControlCharacter(
  value: unknown,
  path: string,
  multiLine: boolean,
  depth = 0,
): string | undefined {
  if (typeof value === 'string') return hasControlCharacter(value, multiLine) ? path : undefined;
  if (depth > MAX_DEPTH || !isPlainContainer(value)) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findControlCharacter(value[i], `${path}/${i}`, multiLine, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    if (FORBIDDEN_IN_LINE.test(key)) return `${path}/${JSON.stringify(key).slice(1, -1)}`;
    const found = findControlCharacter(item, `${path}/${key}`, multiLine, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * preValidation hook: 400 problem+json when any string of the path parameters, query string or
 * parsed body carries a control character (tab, LF and CR are allowed in bodies only), before
 * schema validation and before any handler or database call.
 */
export async function refuseControlCharacters(req: FastifyRequest): Promise<void> {
  const path =
    findControlCharacter(req.params, 'params', false) ??
    findControlCharacter(req.query, 'query', false) ??
    findControlCharacter(req.body, 'body', true);
  if (!path) return;
  const message =
    'must not contain control characters (U+0000–U+001F, U+007F; tab and line breaks are allowed in bodies)';
  throw problem(400, 'Invalid request', `${path} ${message}`, { errors: [{ path, message }] });
}
