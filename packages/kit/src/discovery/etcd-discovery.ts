import { ExponentialBackoff } from 'cockatiel';
import { Etcd3, type IKeyValue, type Lease, type Watcher } from 'etcd3';
import type { Logger } from 'pino';
import type { Discovery, DiscoveryListener, Instance } from './discovery.js';
import { DiscoveryUnavailableError } from './discovery-error.js';

export interface EtcdDiscoveryOptions {
  /** `host:port` of each etcd member. */
  endpoints: string[];
  /** Key prefix of the registry (default `garrison/instances/`). */
  prefix?: string;
  /** Lease TTL: a process that stops keeping it alive (kill -9) leaves the registry this long after. */
  ttlSeconds?: number;
  /** How long the start-up check waits for etcd before failing with a clear error. */
  connectTimeoutMs?: number;
  log?: Logger;
}

const DEFAULT_PREFIX = 'garrison/instances/';
const OPERATION_TIMEOUT_MS = 3_000;
const RETRY_REGISTER_MS = 1_000;

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function parseInstance(kv: IKeyValue): Instance | undefined {
  try {
    const value = JSON.parse(kv.value.toString()) as Partial<Instance>;
    if (typeof value.name !== 'string' || typeof value.id !== 'string') return undefined;
    return { ...value, name: value.name, id: value.id, healthy: true };
  } catch {
    return undefined;
  }
}

/**
 * Discovery through etcd (SPEC 5.3). Each instance is one key `<prefix><name>/<id>` held by a lease
 * (TTL 10 s, kept alive): a crashed process disappears when its lease expires, an unready one deletes
 * its key, a stopping one revokes the lease. Every process watches the prefix and answers `resolve`
 * from its in-memory table, so a call never waits for etcd; while etcd is unreachable the last known
 * table stays in use, and the registration is renewed (a new lease) once etcd is back.
 */
export class EtcdDiscovery implements Discovery {
  private readonly client: Etcd3;
  private readonly prefix: string;
  private readonly ttl: number;
  private readonly log: Logger | undefined;
  private readonly table = new Map<string, Instance>();
  private readonly listeners = new Set<DiscoveryListener>();
  private watcher: Watcher | undefined;
  private me: Instance | undefined;
  private available = true;
  private lease: Lease | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Highest etcd revision seen: a lower one after a reconnect means etcd lost its data. */
  private revision = 0;
  /** Serialises registry writes so a readiness flip never races a re-registration. */
  private writes: Promise<void> = Promise.resolve();

  private constructor(private readonly opts: EtcdDiscoveryOptions) {
    this.prefix = opts.prefix ?? DEFAULT_PREFIX;
    this.ttl = opts.ttlSeconds ?? 10;
    this.log = opts.log;
    this.client = new Etcd3({
      hosts: opts.endpoints.map((e) => `http://${e}`),
      dialTimeout: 2_000,
      // Reconnect the watch quickly after an etcd restart (the library's default waits up to 30 s).
      faultHandling: { watchBackoff: new ExponentialBackoff({ initialDelay: 100, maxDelay: 2_000 }).next() },
    });
  }

  /** Connects, loads the table and starts watching; fails with a clear error when etcd is not reachable. */
  static async connect(opts: EtcdDiscoveryOptions): Promise<EtcdDiscovery> {
    const discovery = new EtcdDiscovery(opts);
    try {
      await discovery.start(opts.connectTimeoutMs ?? 5_000);
    } catch (err) {
      discovery.client.close();
      throw new DiscoveryUnavailableError(
        `etcd is not reachable at ${opts.endpoints.join(', ')} (GARRISON_DISCOVERY): ${(err as Error).message}. ` +
          'Start etcd (Debian: apt-get install etcd-server), or unset GARRISON_DISCOVERY for the static table.',
        { cause: err },
      );
    }
    return discovery;
  }

  private async start(timeoutMs: number): Promise<void> {
    await withTimeout(this.resync(), timeoutMs, 'reading the registry');
    await withTimeout(this.openWatch(), timeoutMs, 'opening the watch');
  }

  private async openWatch(): Promise<void> {
    const watcher = await this.client.watch().prefix(this.prefix).create();
    if (this.closed) return void (await watcher.cancel());
    this.watcher = watcher;
    watcher.on('data', (res) => this.seen(res.header.revision));
    watcher.on('put', (kv) => this.apply(kv.key.toString(), parseInstance(kv)));
    watcher.on('delete', (kv) => this.apply(kv.key.toString(), undefined));
    watcher.on('disconnected', () => this.log?.warn('etcd watch lost; keeping the last known instances'));
    // After a reconnect the watch resumes, but events may have been compacted away: reload the table.
    watcher.on('connected', () => {
      if (this.watcher !== watcher) return;
      this.resync().catch((err: unknown) => this.log?.warn({ err }, 'could not reload the registry'));
    });
    watcher.on('error', (err) => this.log?.warn({ err }, 'etcd watch error'));
  }

  private seen(revision: string): void {
    const r = Number(revision);
    if (r > this.revision) this.revision = r;
  }

  private async resync(): Promise<void> {
    const all = await this.client.getAll().prefix(this.prefix).exec();
    const revision = Number(all.header.revision);
    if (revision < this.revision && this.watcher) {
      // etcd came back without its data: the resumed watch waits for a revision that will not come
      // soon. Watch afresh from now.
      this.log?.warn('etcd lost its history; watching it afresh');
      const old = this.watcher;
      this.watcher = undefined;
      await old.cancel().catch(() => {});
      this.revision = revision;
      await this.openWatch();
    }
    this.seen(all.header.revision);
    const fresh = new Map<string, Instance>();
    for (const kv of all.kvs) {
      const instance = parseInstance(kv);
      if (instance) fresh.set(kv.key.toString(), instance);
    }
    this.table.clear();
    for (const [key, instance] of fresh) this.table.set(key, instance);
    this.notify();
  }

  private apply(key: string, instance: Instance | undefined): void {
    if (instance) this.table.set(key, instance);
    else if (!this.table.delete(key)) return;
    this.notify();
  }

  private notify(): void {
    const snapshot = [...this.table.values()];
    for (const listener of this.listeners) listener(snapshot);
  }

  private keyOf(instance: Instance): string {
    return `${this.prefix}${instance.name}/${instance.id}`;
  }

  private write(step: () => Promise<void>): Promise<void> {
    const next = this.writes.then(step);
    this.writes = next.catch(() => {});
    return next;
  }

  async register(instance: Instance): Promise<void> {
    this.me = { ...instance, startedAt: instance.startedAt ?? new Date().toISOString() };
    this.available = true;
    await this.write(() => this.publish());
    this.log?.info({ instance: this.me, ttlSeconds: this.ttl }, 'registered with etcd');
  }

  /** Puts this instance's key under a live lease, granting a new lease when there is none. */
  private async publish(): Promise<void> {
    const me = this.me;
    if (!me || !this.available || this.closed) return;
    if (!this.lease) {
      const lease = this.client.lease(this.ttl);
      lease.on('lost', (err) => this.onLeaseLost(lease, err));
      this.lease = lease;
    }
    const { healthy: _healthy, ...value } = me;
    await withTimeout(
      this.lease.put(this.keyOf(me)).value(JSON.stringify(value)).exec(),
      OPERATION_TIMEOUT_MS,
      'registering',
    );
  }

  private onLeaseLost(lease: Lease, err: Error): void {
    if (this.lease !== lease || this.closed) return;
    this.lease = undefined;
    this.log?.warn({ err: err.message }, 'etcd lease lost; registering again');
    this.retryPublish();
  }

  /** Keeps trying until the key is back (etcd restarted, or was unreachable for longer than the TTL). */
  private retryPublish(): void {
    if (this.retryTimer || this.closed) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.write(() => this.publish()).then(
        () => this.log?.info('registered with etcd again'),
        (err: unknown) => {
          this.log?.debug({ err }, 'etcd still unreachable');
          this.lease?.release();
          this.lease = undefined;
          this.retryPublish();
        },
      );
    }, RETRY_REGISTER_MS);
    this.retryTimer.unref();
  }

  async setAvailable(available: boolean): Promise<void> {
    if (available === this.available || !this.me) return;
    this.available = available;
    this.log?.info({ available }, available ? 'ready: back in the registry' : 'not ready: left the registry');
    const me = this.me;
    await this.write(async () => {
      if (available) await this.publish();
      else
        await withTimeout(this.client.delete().key(this.keyOf(me)).exec(), OPERATION_TIMEOUT_MS, 'leaving');
    }).catch((err: unknown) => {
      this.log?.warn({ err }, 'could not update the registry; will retry');
      if (this.available) this.retryPublish();
    });
  }

  async deregister(): Promise<void> {
    const me = this.me;
    if (!me) return;
    this.me = undefined;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const lease = this.lease;
    this.lease = undefined;
    await this.write(async () => {
      if (!lease) return;
      // Revoking deletes the key at once: callers watching stop sending here before the servers close.
      await withTimeout(lease.revoke(), OPERATION_TIMEOUT_MS, 'revoking the lease').catch((err: unknown) => {
        lease.release(); // it expires by itself within the TTL
        this.log?.warn({ err }, 'could not revoke the etcd lease; it expires by itself');
      });
    });
    this.table.delete(this.keyOf(me));
    this.log?.info({ id: me.id }, 'deregistered from etcd');
  }

  async resolve(name: string): Promise<Instance[]> {
    const found: Instance[] = [];
    for (const instance of this.table.values()) if (instance.name === name) found.push(instance);
    return found;
  }

  async list(): Promise<Instance[]> {
    return [...this.table.values()];
  }

  watch(listener: DiscoveryListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    await this.deregister();
    this.closed = true;
    this.listeners.clear();
    await this.watcher?.cancel().catch(() => {});
    this.client.close();
  }
}
