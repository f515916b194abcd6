import { invalidInput } from './errors.js';

// Keyset pagination over users ordered by login (unique): the cursor is the last login of a page,
// wrapped so clients treat it as opaque.

export function encodeCursor(lastLogin: string): string {
  return Buffer.from(JSON.stringify({ after: lastLogin }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      'after' in parsed &&
      typeof parsed.after === 'string'
    ) {
      return parsed.after;
    }
  } catch {
    // fall through: any undecodable cursor is the client's mistake
  }
  throw invalidInput('cursor', 'is not a cursor returned by this API');
}
