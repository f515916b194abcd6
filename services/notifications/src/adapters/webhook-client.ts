import { lookup as systemLookup } from 'node:dns/promises';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { Agent, request } from 'undici';
import { PermanentDeliveryError } from '../domain/channels.js';
import { refusedAddress, refusedWebhookUrl } from '../domain/webhook-target.js';

/** Resolves a host name to every address it has (tests pass their own to play a rebinding DNS). */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

const resolveWithSystem: Resolver = (hostname) => systemLookup(hostname, { all: true });

export interface WebhookRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  allowPrivate: boolean;
  resolve?: Resolver;
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * The `lookup` the socket uses instead of the system's: the name is resolved ONCE, every address is
 * checked, and the socket connects to exactly what was checked — no second resolution a rebinding
 * DNS server could answer differently. Any private address in the answer refuses the whole name.
 */
function checkedLookup(resolve: Resolver, allowPrivate: boolean) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolve(hostname)
      .then((found) => {
        const wanted = options.family === 4 || options.family === 6 ? options.family : undefined;
        const addresses = found.filter((a) => wanted === undefined || a.family === wanted);
        if (addresses.length === 0) throw new Error(`${hostname} has no address`);
        if (!allowPrivate) {
          for (const a of addresses) {
            const why = refusedAddress(a.address);
            if (why) throw new PermanentDeliveryError(`webhook host ${hostname} resolves to ${why}: refused`);
          }
        }
        if (options.all) callback(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      })
      .catch((err: NodeJS.ErrnoException) => callback(err, []));
  };
}

/**
 * POSTs once; resolves on 2xx, throws otherwise (redirects are not followed: the URL is the contract).
 * A URL the user could not have saved, or a name resolving to a non-public address, fails for good.
 */
export async function postWebhook(req: WebhookRequest): Promise<void> {
  const refused = refusedWebhookUrl(req.url, req.allowPrivate);
  if (refused) throw new PermanentDeliveryError(`webhook URL refused: ${refused}`);
  const url = new URL(req.url);
  const literal = isIP(url.hostname.replace(/^\[|\]$/g, '')) !== 0;
  // One agent per delivery: no pooled socket outlives the check that allowed it.
  const agent = new Agent({
    connect: {
      timeout: req.timeoutMs,
      ...(literal ? {} : { lookup: checkedLookup(req.resolve ?? resolveWithSystem, req.allowPrivate) }),
    },
  });
  try {
    const res = await request(url, {
      method: 'POST',
      dispatcher: agent,
      headers: { 'content-type': 'application/json', 'user-agent': 'Garrison-Webhooks/1', ...req.headers },
      body: req.body,
      signal: AbortSignal.timeout(req.timeoutMs),
    });
    await res.body.dump();
    if (res.statusCode < 200 || res.statusCode >= 300) throw new Error(`webhook answered ${res.statusCode}`);
  } catch (err) {
    throw permanentCause(err) ?? err;
  } finally {
    await agent.destroy().catch(() => {});
  }
}

/** undici wraps the lookup's error; a refusal found inside stays permanent. */
function permanentCause(err: unknown): PermanentDeliveryError | undefined {
  for (let e = err as { cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (e instanceof PermanentDeliveryError) return e;
    e = e.cause as { cause?: unknown } | undefined;
  }
  return undefined;
}
