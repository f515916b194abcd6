// Random bytes for ids on hot paths, from a pool refilled 4 KiB at a time. One crypto call per id
// (a span id per proxied request, a UUID per published event) showed up at 2–5 % of a busy process's
// CPU (issue 17); one call per 4 KiB does not. The bytes are as random as randomBytes'.
import { randomFillSync } from 'node:crypto';

const pool = Buffer.alloc(4096);
let offset = pool.length;

function take(bytes: number): number {
  if (offset + bytes > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const start = offset;
  offset += bytes;
  return start;
}

/** `bytes` (at most 4096) random bytes in a buffer of their own. */
export function pooledRandomBytes(bytes: number): Buffer {
  const start = take(bytes);
  return Buffer.from(pool.subarray(start, start + bytes));
}

/** `bytes` random bytes as lowercase hex. */
export function pooledRandomHex(bytes: number): string {
  const start = take(bytes);
  return pool.toString('hex', start, start + bytes);
}
