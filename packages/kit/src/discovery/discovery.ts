/** One running instance of a service, as registered with discovery. */
export interface Instance {
  name: string;
  id: string;
  http?: string;
  grpc?: string;
  healthy: boolean;
}

/** Where services find each other. Static now; etcd and Kubernetes DNS implement the same interface. */
export interface Discovery {
  register(instance: Instance): Promise<void>;
  deregister(): Promise<void>;
  /** Healthy instances of `name`; empty when none is known. */
  resolve(name: string): Promise<Instance[]>;
}
