import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook, type Resolver } from '../../src/adapters/webhook-client.js';
import { PermanentDeliveryError } from '../../src/domain/channels.js';
import { refusedAddress, refusedWebhookUrl } from '../../src/domain/webhook-target.js';

/** Every URL form issue 10 found stored, and the ranges it asked to cover. */
const INTERNAL_WEBHOOK_URLS = [
  'http://127.0.0.1/hook',
  'http://127.1.2.3:8080/hook',
  'http://169.254.169.254/latest/meta-data/',
  'http://10.0.0.5/hook',
  'http://172.16.3.4/hook',
  'http://172.31.255.255/hook',
  'http://192.168.1.1/hook',
  'http://100.64.0.1/hook',
  'http://0.0.0.0/hook',
  'http://[::1]/hook',
  'http://[::]/hook',
  'http://2130706433/hook',
  'http://0x7f000001/hook',
  'http://0177.0.0.1/hook',
  'http://127.1/hook',
  'http://localhost/hook',
  'http://LOCALHOST./hook',
  'http://api.localhost/hook',
  'http://printer.local/hook',
  'http://intranet/hook',
  'http://[fd00::1]/hook',
  'http://[fe80::1]/hook',
  'http://[::127.0.0.1]/hook',
  'http://[::ffff:127.0.0.1]/hook',
  'http://[::ffff:169.254.169.254]/hook',
  'http://[64:ff9b::7f00:1]/hook',
  'http://[2002:7f00:1::]/hook',
  'http://[2001::1]/hook',
  'http://198.18.0.1/hook',
  'http://198.19.255.255/hook',
  'http://224.0.0.1/hook',
  'http://[ff02::1]/hook',
  'http://240.0.0.1/hook',
  'http://255.255.255.255/hook',
  'http://192.0.2.1/hook',
  'http://[2001:db8::1]/hook',
];

describe('webhook targets', () => {
  it.each(INTERNAL_WEBHOOK_URLS)('when %s is saved, then it is refused', (url) => {
    expect(refusedWebhookUrl(url, false)).toMatch(/public addresses/);
  });

  it('when a URL is public, then it may be saved', () => {
    for (const url of [
      'https://hooks.example.com/x',
      'http://8.8.8.8/x',
      'https://[2606:4700:4700::1111]/x',
      'https://sub.domain.example.org:8443/p?q=1',
    ])
      expect(refusedWebhookUrl(url, false)).toBeUndefined();
  });

  it('when the scheme is not http(s) or the URL carries credentials, then it is refused even in development', () => {
    expect(refusedWebhookUrl('ftp://example.com/x', true)).toMatch(/scheme/);
    expect(refusedWebhookUrl('file:///etc/passwd', true)).toMatch(/scheme/);
    expect(refusedWebhookUrl('https://u:p@example.com/x', true)).toMatch(/credentials/);
  });

  it('when private targets are explicitly allowed (tests, embedded dev), then loopback may be saved', () => {
    expect(refusedWebhookUrl('http://127.0.0.1:9/x', true)).toBeUndefined();
  });

  it('when an address is classified, then only public unicast passes', () => {
    expect(refusedAddress('93.184.216.34')).toBeUndefined();
    expect(refusedAddress('2606:4700::1111')).toBeUndefined();
    expect(refusedAddress('::ffff:10.0.0.1')).toBeDefined();
    expect(refusedAddress('not-an-ip')).toBeDefined();
  });
});

describe('webhook delivery resolves once and connects to the checked address', () => {
  let receiver: Server;
  let port: number;
  const received: string[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      received.push(`${req.headers.host} ${req.url}`);
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    port = (receiver.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

  const post = (url: string, resolve: Resolver, allowPrivate = false) =>
    postWebhook({ url, body: '{}', headers: {}, timeoutMs: 2_000, allowPrivate, resolve });

  it('when a public-looking name resolves to a private address, then the delivery fails for good and nothing is sent', async () => {
    const before = received.length;
    const toLoopback: Resolver = async () => [{ address: '127.0.0.1', family: 4 }];
    await expect(post(`http://hooks.example.com:${port}/x`, toLoopback)).rejects.toBeInstanceOf(
      PermanentDeliveryError,
    );
    const toMetadata: Resolver = async () => [{ address: '169.254.169.254', family: 4 }];
    await expect(post(`http://hooks.example.com:${port}/x`, toMetadata)).rejects.toBeInstanceOf(
      PermanentDeliveryError,
    );
    expect(received.length).toBe(before);
  });

  it('when a name answers a public and a private address (rebinding), then the whole name is refused', async () => {
    const mixed: Resolver = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.1', family: 4 },
    ];
    await expect(post(`http://hooks.example.com:${port}/x`, mixed)).rejects.toBeInstanceOf(
      PermanentDeliveryError,
    );
  });

  it('when a name is delivered to, then it is resolved exactly once and the socket goes to that address with the name as Host', async () => {
    let calls = 0;
    const pinned: Resolver = async () => {
      calls++;
      return [{ address: '127.0.0.1', family: 4 }];
    };
    // `.invalid` never resolves in real DNS: reaching the receiver proves the checked answer was used.
    await post(`http://hooks.garrison.invalid:${port}/pinned`, pinned, true);
    expect(calls).toBe(1);
    expect(received).toContain(`hooks.garrison.invalid:${port} /pinned`);
  });

  it('when the URL itself is internal, then no lookup happens and the delivery fails for good', async () => {
    let calls = 0;
    const counting: Resolver = async () => {
      calls++;
      return [{ address: '93.184.216.34', family: 4 }];
    };
    for (const url of ['http://[::127.0.0.1]:1/x', 'http://2130706433:1/x', 'http://localhost:1/x'])
      await expect(post(url, counting)).rejects.toBeInstanceOf(PermanentDeliveryError);
    expect(calls).toBe(0);
  });
});
