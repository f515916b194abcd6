import type { Discovery, Instance } from '@garrison/kit';
import { problem } from '@garrison/kit';
import { CircuitBreaker, type BreakerOptions } from './circuit-breaker.js';
import { RoundRobin, rendezvous } from './balancer.js';

/** A call slot on one instance: report how the call went so the instance's breaker learns. */
export interface UpstreamLease {
  instance: Instance;
  /** Base URL, e.g. http://127.0.0.1:8102 */
  baseUrl: string;
  succeeded(): void;
  failed(): void;
}

/**
 * Chooses the instance of a service that serves the next call: discovered instances, balanced
 * round-robin, skipping those whose circuit is open. Breakers are per instance, so one sick instance
 * does not take its healthy siblings down with it.
 */
export class Upstreams {
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly balancer = new RoundRobin();

  constructor(
    private readonly discovery: Discovery,
    private readonly breakerOptions: BreakerOptions,
  ) {}

  /** Throws a 503 problem when the service is unknown to discovery or every instance's circuit is open. */
  async acquire(service: string, avoid?: Instance, affinity?: string): Promise<UpstreamLease> {
    const instances = (await this.discovery.resolve(service)).filter((i) => i.healthy && i.http);
    if (instances.length === 0) {
      throw problem(503, 'Service Unavailable', `service ${service} is not running`, { service });
    }
    // Prefer another instance on a retry, but fall back to the same one if it is the only one.
    const preferred = avoid && instances.length > 1 ? instances.filter((i) => i.id !== avoid.id) : instances;
    const admissible = preferred.filter((i) => this.breakerOf(i).state !== 'open');
    const tried = new Set<string>();
    for (let attempt = 0; attempt < admissible.length; attempt++) {
      // An affinity key (a user whose live play must meet in one instance) always lands on the same
      // instance while it is up; otherwise round-robin.
      const instance =
        affinity !== undefined
          ? rendezvous(
              affinity,
              admissible.filter((i) => !tried.has(i.id)),
            )
          : this.balancer.pick(service, admissible);
      if (!instance) break;
      tried.add(instance.id);
      const breaker = this.breakerOf(instance);
      if (!breaker.tryAcquire()) continue; // half-open and its single trial call is already running
      return {
        instance,
        baseUrl: instance.http!.replace(/\/+$/, ''),
        succeeded: () => breaker.onSuccess(),
        failed: () => breaker.onFailure(),
      };
    }
    const retryAfterMs = Math.min(...instances.map((i) => this.breakerOf(i).retryAfterMs()));
    throw problem(
      503,
      'Service Unavailable',
      `service ${service} is failing; calls are paused for a moment`,
      {
        service,
        retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)),
      },
    );
  }

  private breakerOf(instance: Instance): CircuitBreaker {
    const key = `${instance.name}|${instance.id}|${instance.http}`;
    let breaker = this.breakers.get(key);
    if (!breaker) {
      breaker = new CircuitBreaker(this.breakerOptions);
      this.breakers.set(key, breaker);
    }
    return breaker;
  }
}
