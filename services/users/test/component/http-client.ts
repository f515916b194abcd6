import { identityHeaders } from '@garrison/kit/testing';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test answers are inspected field by field
export interface Answer<T = any> {
  status: number;
  contentType: string;
  body: T;
}

/** A small JSON client for a service under test; `as` adds the gateway's identity headers. */
export function httpClient(baseUrl: string) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return async function call<T = any>(
    method: string,
    path: string,
    opts: { as?: { id: string; roles: string[] }; body?: unknown } = {},
  ): Promise<Answer<T>> {
    const headers: Record<string, string> = opts.as ? identityHeaders(opts.as.id, opts.as.roles) : {};
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    const text = await res.text();
    return {
      status: res.status,
      contentType: res.headers.get('content-type') ?? '',
      body: text ? JSON.parse(text) : undefined,
    };
  };
}
