import { readFile, writeFile } from 'node:fs/promises';
import { gunzipSync, gzipSync } from 'node:zlib';

/** Writes replay text gzipped (Node's gzip carries no timestamp: same text, same bytes). */
export async function writeReplayFile(path: string, text: string): Promise<void> {
  await writeFile(path, gzipSync(Buffer.from(text, 'utf8'), { level: 9 }));
}

/** Reads a replay, gzipped or plain JSON lines. */
export async function readReplayFile(path: string): Promise<string> {
  const bytes = await readFile(path);
  const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b;
  return (gzipped ? gunzipSync(bytes) : bytes).toString('utf8');
}
