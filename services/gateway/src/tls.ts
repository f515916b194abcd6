import { readFileSync } from 'node:fs';
import type { TlsOptions } from '@garrison/kit';

/**
 * The gateway's certificate from GARRISON_TLS_CERT / GARRISON_TLS_KEY (PEM files). With it the kit
 * serves HTTPS with HTTP/2 negotiated by ALPN and HTTP/1.1 as the fallback (browsers speak HTTP/2 only
 * over TLS; WebSocket upgrades stay HTTP/1.1). Undefined when neither is set; an error when only one
 * is, so a half-configured certificate never silently serves cleartext.
 */
export function gatewayTls(cfg: { tlsCert?: string; tlsKey?: string }): TlsOptions | undefined {
  if (!cfg.tlsCert && !cfg.tlsKey) return undefined;
  if (!cfg.tlsCert || !cfg.tlsKey) {
    throw new Error('GARRISON_TLS_CERT and GARRISON_TLS_KEY must be set together (PEM files)');
  }
  return { key: readFileSync(cfg.tlsKey), cert: readFileSync(cfg.tlsCert) };
}
