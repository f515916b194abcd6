/**
 * Raw WebSocket frames for attack tests: a client that can announce a frame larger than it sends, to
 * show a server refuses by the header alone (nothing buffered), and read the close code it answers.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import WebSocket from 'ws';

/** A masked binary frame header (client → server) announcing `length` payload bytes. */
export function frameHeader(length: number): Buffer {
  const mask = randomBytes(4);
  if (length < 126) return Buffer.concat([Buffer.from([0x82, 0x80 | length]), mask]);
  if (length < 65536) {
    const head = Buffer.from([0x82, 0x80 | 126, 0, 0]);
    head.writeUInt16BE(length, 2);
    return Buffer.concat([head, mask]);
  }
  const head = Buffer.alloc(10);
  head[0] = 0x82;
  head[1] = 0x80 | 127;
  head.writeBigUInt64BE(BigInt(length), 2);
  return Buffer.concat([head, mask]);
}

/**
 * Opens a WebSocket by hand on `url` (http://host:port/path?query), sends only the header of a frame
 * announcing `announcedBytes`, and resolves with the close code of the server's close frame (or
 * 'no close frame' when the connection just ends).
 */
export function announceOversizedFrame(
  url: string,
  announcedBytes: number,
  headers: Record<string, string> = {},
): Promise<number | 'no close frame'> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(target.port), target.hostname);
    let buffered = Buffer.alloc(0);
    let upgraded = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('the server neither closed nor answered within 15 s'));
    }, 15_000);
    socket.on('connect', () => {
      const lines = [
        `GET ${target.pathname}${target.search} HTTP/1.1`,
        `Host: ${target.host}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
        'Sec-WebSocket-Version: 13',
        ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      ];
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (!upgraded) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) return;
        const status = buffered.subarray(0, end).toString().split('\r\n')[0] ?? '';
        if (!status.includes(' 101 ')) {
          clearTimeout(timer);
          socket.destroy();
          return reject(new Error(`upgrade refused: ${status}`));
        }
        upgraded = true;
        buffered = buffered.subarray(end + 4);
        socket.write(frameHeader(announcedBytes)); // the payload never follows
      }
      // Server frames are unmasked: find the close frame (opcode 8) and read its code.
      while (buffered.length >= 2) {
        const opcode = buffered[0]! & 0x0f;
        const length = buffered[1]! & 0x7f;
        if (length > 125 || buffered.length < 2 + length) return;
        if (opcode === 0x8) {
          clearTimeout(timer);
          socket.destroy();
          return resolve(length >= 2 ? buffered.readUInt16BE(2) : 1005);
        }
        buffered = buffered.subarray(2 + length);
      }
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve('no close frame');
    });
    socket.on('error', () => {});
  });
}

/** Opens a WebSocket and resolves with the code it is closed with (by the server, or 1006). */
export function closeCodeOf(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}

export function openSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  const ws = new WebSocket(url.replace(/^http/, 'ws'), { headers });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    ws.once('error', reject);
  });
}
