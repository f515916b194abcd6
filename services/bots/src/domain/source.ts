/** SPEC 3.2: an uploaded source is at most 256 KiB (UTF-8 bytes, as the sandbox counts them). */
export const MAX_SOURCE_BYTES = 256 * 1024;

export const sourceBytes = (source: string): number => Buffer.byteLength(source, 'utf8');
