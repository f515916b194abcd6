import { loadConfig, saveConfig, serverUrl, type AgentConfig } from './config.js';

/** A refused request, with the server's problem+json detail when there is one. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function problemOf(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { title?: string; detail?: string };
    return [body.title, body.detail].filter(Boolean).join(': ') || `HTTP ${response.status}`;
  } catch {
    return text.trim().slice(0, 200) || `HTTP ${response.status}`;
  }
}

/** The gateway's REST API as the logged-in user; refreshes the access token once on a 401. */
export class ApiClient {
  private constructor(
    readonly url: string,
    private config: AgentConfig,
  ) {}

  static async fromConfig(urlFlag?: string): Promise<ApiClient> {
    const config = await loadConfig();
    return new ApiClient(serverUrl(config, urlFlag), config);
  }

  get accessToken(): string {
    if (!this.config.accessToken) throw new Error('not logged in: run `garrison-agent login` first');
    return this.config.accessToken;
  }

  get userId(): string | undefined {
    return this.config.userId;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response = await this.send(method, path, body);
    if (response.status === 401 && (await this.refresh())) response = await this.send(method, path, body);
    if (!response.ok) throw new ApiError(response.status, await problemOf(response));
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Swaps the refresh token for a new pair (also used before opening a WebSocket). */
  async refresh(): Promise<boolean> {
    if (!this.config.refreshToken) return false;
    const response = await fetch(`${this.url}/api/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: this.config.refreshToken }),
    });
    if (!response.ok) return false;
    const session = (await response.json()) as { accessToken: string; refreshToken: string };
    this.config = { ...this.config, accessToken: session.accessToken, refreshToken: session.refreshToken };
    await saveConfig(this.config);
    return true;
  }

  private send(method: string, path: string, body: unknown): Promise<Response> {
    return fetch(`${this.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.accessToken}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  }
}

/** ws:// or wss:// for an http(s) server URL. */
export function webSocketUrl(url: string, path: string): string {
  return `${url.replace(/^http/, 'ws')}${path}`;
}
