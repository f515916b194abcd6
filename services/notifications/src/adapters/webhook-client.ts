import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { PermanentDeliveryError } from '../domain/channels.js';

// Addresses a user's webhook must not reach: otherwise a user could make the server call internal ports.
const privateRanges = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const)
  privateRanges.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['::ffff:0:0', 96],
] as const)
  privateRanges.addSubnet(net, prefix, 'ipv6');

async function assertPublic(url: URL): Promise<void> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true });
  for (const a of addresses) {
    if (privateRanges.check(a.address, a.family === 6 ? 'ipv6' : 'ipv4'))
      throw new PermanentDeliveryError(`webhook host ${url.hostname} resolves to a private address`);
  }
}

export interface WebhookRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  allowPrivate: boolean;
}

/** POSTs once; resolves on 2xx, throws otherwise (redirects are not followed: the URL is the contract). */
export async function postWebhook(req: WebhookRequest): Promise<void> {
  const url = new URL(req.url);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new PermanentDeliveryError(`unsupported webhook scheme ${url.protocol}`);
  if (!req.allowPrivate) await assertPublic(url);
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'Garrison-Webhooks/1', ...req.headers },
    body: req.body,
    redirect: 'manual',
    signal: AbortSignal.timeout(req.timeoutMs),
  });
  await res.body?.cancel();
  if (res.status < 200 || res.status >= 300) throw new Error(`webhook answered ${res.status}`);
}
