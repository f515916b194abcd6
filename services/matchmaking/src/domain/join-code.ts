import { randomInt } from 'node:crypto';

// No 0/O, 1/I/L: a code read aloud or copied by hand still works.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A private room's join code: 8 characters, ~39 bits, checked only together with the room id. */
export function newJoinCode(length = 8): string {
  let code = '';
  for (let i = 0; i < length; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/** Codes are compared case-insensitively, so players may type them in lower case. */
export const sameCode = (given: string | undefined, expected: string | null): boolean =>
  expected !== null && given !== undefined && given.trim().toUpperCase() === expected;
