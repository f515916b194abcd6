// A replay arrives as gzip JSON lines, or already inflated when the server (or a proxy) sent it with
// `Content-Encoding: gzip` and the browser undid it. The gzip magic number tells the two apart.

const GZIP_MAGIC = [0x1f, 0x8b] as const;

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

/** The replay's text, inflating it first when it is still gzip (DecompressionStream, in browsers and Node). */
export async function replayText(bytes: Uint8Array): Promise<string> {
  if (!isGzip(bytes)) return new TextDecoder().decode(bytes);
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).text();
}
