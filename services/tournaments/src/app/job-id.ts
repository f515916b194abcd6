import { createHash } from 'node:crypto';

/** A UUID named by its parts, so scheduling the same job twice schedules it once. */
export function jobId(...parts: string[]): string {
  const h = createHash('sha1').update(parts.join('|')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
