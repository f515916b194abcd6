import { parseStreamMessage, reconnectDelay, type StreamMessage } from './stream-protocol';

export type StreamStatus = 'connecting' | 'live' | 'offline';

export interface NotificationStreamOptions {
  /**
   * Builds the URL with a valid access token; null means logged out (the stream then stops).
   * `failedAttempts` counts connects in a row that never opened, so the caller can renew a token the
   * gateway keeps refusing (a WebSocket cannot tell a 401 from a network error).
   */
  url: (failedAttempts: number) => Promise<string | null>;
  onMessage: (message: StreamMessage) => void;
  onStatus: (status: StreamStatus) => void;
  /** Called after every successful (re)connect, so the caller can fetch what it missed meanwhile. */
  onConnected?: () => void;
  /** Opens the socket; the browser's WebSocket unless a test supplies another. */
  openSocket?: (url: string) => WebSocket;
  /** Reconnect backoff; `reconnectDelay` unless a test supplies another. */
  delay?: (attempt: number) => number;
}

/** A WebSocket to the notifications stream that reconnects with backoff until stopped. */
export class NotificationStream {
  private socket: WebSocket | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  private stopped = false;

  constructor(private readonly options: NotificationStreamOptions) {}

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.socket?.close(1000, 'page closed');
    this.socket = null;
  }

  private async connect(): Promise<void> {
    this.options.onStatus('connecting');
    let url: string | null;
    try {
      url = await this.options.url(this.attempt);
    } catch {
      url = ''; // network trouble while renewing the token: retry later
    }
    if (this.stopped) return;
    if (url === null) {
      this.options.onStatus('offline');
      return;
    }
    if (url === '') {
      this.scheduleReconnect();
      return;
    }

    const socket = (this.options.openSocket ?? ((u: string) => new WebSocket(u)))(url);
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.options.onStatus('live');
      this.options.onConnected?.();
    };
    socket.onmessage = (event: MessageEvent) => {
      const message = parseStreamMessage(event.data);
      if (message) this.options.onMessage(message);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (!this.stopped) this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    this.options.onStatus('offline');
    const delay = (this.options.delay ?? reconnectDelay)(this.attempt);
    this.attempt += 1;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, delay);
  }
}
