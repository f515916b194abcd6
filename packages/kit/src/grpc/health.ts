import { setTimeout as sleep } from 'node:timers/promises';
import { Code, ConnectError, type ConnectRouter } from '@connectrpc/connect';
import { create } from '@bufbuild/protobuf';
import {
  Health,
  HealthCheckResponseSchema,
  HealthCheckResponse_ServingStatus as Status,
} from '@garrison/contracts/gen/grpc/health/v1/health_pb';

/**
 * The standard grpc.health.v1.Health service. `""` asks about the server as a whole; a service's
 * full name asks about that service. SERVING follows the service's readiness.
 */
export function registerHealth(
  router: ConnectRouter,
  services: () => string[],
  ready: () => Promise<boolean>,
): void {
  const statusOf = async (service: string) => {
    if (service !== '' && !services().includes(service)) return undefined;
    return (await ready()) ? Status.SERVING : Status.NOT_SERVING;
  };
  router.service(Health, {
    async check(req) {
      const status = await statusOf(req.service);
      if (status === undefined) throw new ConnectError(`unknown service "${req.service}"`, Code.NotFound);
      return create(HealthCheckResponseSchema, { status });
    },
    async *watch(req, ctx) {
      let last: Status | undefined;
      while (!ctx.signal.aborted) {
        const status = (await statusOf(req.service)) ?? Status.SERVICE_UNKNOWN;
        if (status !== last) yield create(HealthCheckResponseSchema, { status });
        last = status;
        await sleep(1000, undefined, { signal: ctx.signal }).catch(() => {});
      }
    },
  });
}
