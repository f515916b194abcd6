/** One running instance of a service, as registered with discovery. */
export interface Instance {
  name: string;
  /** Unique per process, e.g. `users-1a2b3c4d`. */
  id: string;
  version?: string;
  http?: string;
  grpc?: string;
  /** ISO time the process started. */
  startedAt?: string;
  healthy: boolean;
}

/** Called with every live instance of every service whenever the registry changes. */
export type DiscoveryListener = (instances: readonly Instance[]) => void;

/**
 * Where services find each other. Static (a fixed table, the embedded default) or etcd (SPEC 5.3);
 * Kubernetes DNS would implement the same interface. `resolve` and `list` answer from memory: a
 * registry-backed implementation keeps its table current by watching, never by asking per call.
 */
export interface Discovery {
  /** Announces this process; it is listed while it is available (see `setAvailable`). */
  register(instance: Instance): Promise<void>;
  /** Readiness changed: false takes this instance out of the registry, true puts it back. */
  setAvailable(available: boolean): Promise<void>;
  /** Leaves the registry at once (graceful stop), before the servers stop accepting. */
  deregister(): Promise<void>;
  /** Healthy instances of `name`; empty when none is known. */
  resolve(name: string): Promise<Instance[]>;
  /** Every live instance of every service (e.g. for Prometheus service discovery). */
  list(): Promise<Instance[]>;
  /** Calls `listener` on every change; returns the function that stops it. */
  watch(listener: DiscoveryListener): () => void;
  /** Releases connections; the registration is dropped if still held. */
  close(): Promise<void>;
}
