/**
 * The processes of a cluster: GARRISON_INSTANCES of every service, each on ports of its own, all finding
 * each other through etcd instead of the static table. Pure, like plan.ts, which it builds on.
 */
import { planServices, type PlanInput, type PlannedService } from '../plan.js';
import { GATEWAY } from '../topology.js';

export interface ClusterPlanInput extends Omit<PlanInput, 'ports' | 'publicPort' | 'publicHost'> {
  instances: number;
  /** Free loopback ports: `instances × (portsNeeded + 1)` of them (the +1 is each gateway's own port). */
  ports: readonly number[];
  discovery: string;
  redisUrl: string;
}

export interface PlannedInstance extends PlannedService {
  /** 1-based number of this instance among its service's. */
  index: number;
}

export function clusterPortsNeeded(perInstance: number, instances: number): number {
  return instances * (perInstance + 1);
}

export function planCluster(input: ClusterPlanInput): PlannedInstance[][] {
  const free = [...input.ports];
  const rounds: PlannedInstance[][] = [];
  for (let index = 1; index <= input.instances; index++) {
    const publicPort = free.shift();
    if (publicPort === undefined) throw new Error('not enough free ports were reserved');
    const needed = input.services.reduce((n, s) => n + (s.name === GATEWAY ? 0 : 1) + (s.grpc ? 1 : 0), 0);
    const plan = planServices({
      ...input,
      ports: free.splice(0, needed),
      publicPort,
      publicHost: '127.0.0.1',
    });
    rounds.push(
      plan.map((planned) => ({
        ...planned,
        index,
        env: {
          ...planned.env,
          GARRISON_DISCOVERY: input.discovery,
          // The static table would name only this round's siblings: etcd is the one source.
          GARRISON_SERVICES: '{}',
          AMQP_QUEUE_TYPE: 'quorum',
          ...(planned.spec.name === GATEWAY ? { GARRISON_REDIS_URL: input.redisUrl } : {}),
        },
      })),
    );
  }
  return rounds;
}
