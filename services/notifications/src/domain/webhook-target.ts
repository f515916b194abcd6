// Where a user's webhook may point: public unicast addresses only. Pure: no I/O (ADR 161).
import ipaddr from 'ipaddr.js';

// The only IPv6 block with globally routed unicast addresses; everything else (::/8 with its
// IPv4-mapped and -compatible forms, NAT64 64:ff9b::/96, ULA, link-local, multicast) is refused.
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR('2000::/3');

/**
 * Why `address` (an IP literal) must not be called, or undefined when it is a public unicast address.
 * ipaddr.js knows the special ranges (loopback, RFC 1918, CGNAT, link-local, 198.18/15 benchmarking,
 * documentation, multicast, 240/4, 6to4, Teredo, NAT64, …); anything it does not call plain unicast is out.
 */
export function refusedAddress(address: string): string | undefined {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address.replace(/^\[|\]$/g, ''));
  } catch {
    return `${address} is not an IP address`;
  }
  const range = parsed.range();
  if (range !== 'unicast') return `${address} is a ${range} address`;
  if (parsed.kind() === 'ipv6' && !(parsed as ipaddr.IPv6).match(GLOBAL_UNICAST_V6))
    return `${address} is outside the global unicast IPv6 range`;
  return undefined;
}

/** Host names that always mean this machine or the local network (RFC 6761, mDNS, common internal zones). */
const LOCAL_NAME = /(^|\.)(localhost|local|internal|localdomain|home\.arpa)$/i;

/**
 * Why a webhook URL is refused when saved, or undefined when it may be stored. The WHATWG URL parser
 * has already turned decimal, octal and hex IPv4 forms (`http://2130706433/`) into dotted quads, so an
 * IP literal is always seen as one. A name is checked again at delivery, on the address it resolves to.
 */
export function refusedWebhookUrl(raw: string, allowPrivate: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `unsupported scheme ${url.protocol}`;
  if (url.username || url.password) return 'credentials in the URL are not allowed (use the signature)';
  if (allowPrivate) return undefined;
  const host = url.hostname;
  if (host.startsWith('[') || ipaddr.isValid(host)) {
    const why = refusedAddress(host);
    return why ? `the host ${why}: webhooks only call public addresses` : undefined;
  }
  if (!host.includes('.') || LOCAL_NAME.test(host.replace(/\.$/, '')))
    return `the host ${host} names a local machine: webhooks only call public addresses`;
  return undefined;
}
