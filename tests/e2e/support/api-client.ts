/** A small fetch client for black-box tests through the gateway. */
import { randomBytes } from 'node:crypto';

/** Response bodies are asserted field by field in tests; typing each one would add nothing. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  contentType: string;
  /** Parsed JSON when the answer is JSON (problem+json included), else the text. */
  body: T;
}

export interface RequestOptions {
  body?: unknown;
  /** Bearer token; overrides the client's own. */
  token?: string;
  headers?: Record<string, string>;
}

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token?: string,
  ) {}

  /** The same gateway, calling as the owner of this access token. */
  as(token: string): ApiClient {
    return new ApiClient(this.baseUrl, token);
  }

  async request<T = Json>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token ?? this.token;
    if (token) headers.authorization = `Bearer ${token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const contentType = response.headers.get('content-type') ?? '';
    const text = await response.text();
    const body = (contentType.includes('json') && text !== '' ? JSON.parse(text) : text) as T;
    return { status: response.status, headers: response.headers, contentType, body };
  }

  get<T = Json>(path: string, options?: RequestOptions): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path, options);
  }
  post<T = Json>(path: string, body?: unknown, options?: RequestOptions): Promise<ApiResponse<T>> {
    return this.request<T>('POST', path, { ...options, body });
  }
  put<T = Json>(path: string, body?: unknown, options?: RequestOptions): Promise<ApiResponse<T>> {
    return this.request<T>('PUT', path, { ...options, body });
  }
}

/** A login no other test run uses (3–32 chars of [a-z0-9_.-]). */
export function uniqueLogin(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}

export interface Account {
  id: string;
  login: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

export async function login(api: ApiClient, login: string, password: string): Promise<Account> {
  const response = await api.post<{ accessToken: string; refreshToken: string }>('/api/auth/login', {
    login,
    password,
  });
  if (response.status !== 200)
    throw new Error(`login of ${login} answered ${response.status}: ${JSON.stringify(response.body)}`);
  const me = await api.get<{ id: string }>('/api/users/me', { token: response.body.accessToken });
  if (me.status !== 200)
    throw new Error(`/api/users/me for ${login} answered ${me.status}: ${JSON.stringify(me.body)}`);
  return { id: me.body.id, login, password, ...response.body };
}

export async function registerAndLogin(api: ApiClient, prefix = 'e2e'): Promise<Account> {
  const name = uniqueLogin(prefix);
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const registered = await api.post('/api/auth/register', {
    login: name,
    password,
    displayName: `Tester ${name}`,
  });
  if (registered.status !== 201)
    throw new Error(`register answered ${registered.status}: ${JSON.stringify(registered.body)}`);
  return login(api, name, password);
}

/** Asserts the RFC 9457 shape every 4xx/5xx of the platform has; returns the body for more checks. */
export function expectProblem(
  response: ApiResponse,
  status: number,
): { title: string; status: number; detail?: string; errors?: unknown[] } {
  if (response.status !== status)
    throw new Error(`expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
  if (!response.contentType.startsWith('application/problem+json')) {
    throw new Error(`expected application/problem+json, got "${response.contentType}"`);
  }
  const body = response.body as { title?: unknown; status?: unknown };
  if (typeof body.title !== 'string' || body.status !== status)
    throw new Error(`not a problem document: ${JSON.stringify(body)}`);
  return response.body as { title: string; status: number };
}
