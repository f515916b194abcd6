import { randomUUID } from 'node:crypto';
import {
  BattlesService,
  type CreateBattleRequest,
} from '@garrison/contracts/gen/garrison/battles/v1/battles_pb';
import { Code, ConnectError, withTransaction, type ServiceDefinition } from '@garrison/kit';
import { startTestService, type TestService } from '@garrison/kit/testing';

export interface FinishedSide {
  userId: string | null;
  botVersionId: string | null;
  builtin: string | null;
  place: number;
}

/**
 * A stand-in for the battles service: a real ConnectRPC server named `battles` that records every
 * CreateBattle (idempotent by request id, like the real one) and publishes `battle.*` events on the
 * real bus, so the bots service is exercised exactly through its contracts.
 */
export class BattlesDouble {
  readonly requests: CreateBattleRequest[] = [];
  readonly battleOf = new Map<string, string>();
  unavailable = false;
  /** CreateBattle calls refused while `unavailable`. */
  refused = 0;
  private svc!: TestService;

  async start(): Promise<this> {
    const definition: ServiceDefinition = {
      name: 'battles',
      setup: () => ({
        grpc: (router) =>
          router.service(BattlesService, {
            createBattle: (req) => {
              if (this.unavailable) {
                this.refused++;
                throw new ConnectError('battles is down', Code.Unavailable);
              }
              this.requests.push(req);
              let id = this.battleOf.get(req.requestId);
              if (!id) this.battleOf.set(req.requestId, (id = randomUUID()));
              return {
                id,
                kind: req.kind,
                status: 'scheduled',
                contextId: req.contextId,
                participants: req.participants,
              };
            },
          }),
      }),
    };
    this.svc = await startTestService(definition, { database: true });
    return this;
  }

  get env() {
    return this.svc.env;
  }

  get grpcUrl(): string {
    return this.svc.grpcUrl!;
  }

  /** Distinct battles created for a context (CreateBattle retries count once). */
  battlesOf(contextId: string): Array<{ battleId: string; request: CreateBattleRequest }> {
    const seen = new Map<string, CreateBattleRequest>();
    for (const r of this.requests) if (r.contextId === contextId) seen.set(r.requestId, r);
    return [...seen.values()].map((request) => ({
      battleId: this.battleOf.get(request.requestId)!,
      request,
    }));
  }

  /** Publishes `battle.finished`; answers the event id. */
  async finish(battleId: string, contextId: string, sides: FinishedSide[]): Promise<string> {
    const event = await withTransaction(this.svc.ctx.db, (tx) =>
      this.svc.ctx.bus.publish(tx, {
        type: 'battle.finished',
        version: 1,
        data: {
          battleId,
          kind: 'practice',
          ranked: false,
          contextId,
          mode: 'duel',
          rulesVersion: 1,
          replayId: battleId,
          finishedAt: new Date().toISOString(),
          participants: sides.map((s) => ({ ...s, local: false, score: s.place === 1 ? 100 : 10 })),
        },
      }),
    );
    return event.id;
  }

  async cancel(battleId: string, contextId: string, sides: FinishedSide[]): Promise<void> {
    await withTransaction(this.svc.ctx.db, (tx) =>
      this.svc.ctx.bus.publish(tx, {
        type: 'battle.cancelled',
        version: 1,
        data: {
          battleId,
          kind: 'practice',
          ranked: false,
          contextId,
          reason: 'test',
          cancelledAt: new Date().toISOString(),
          participants: sides.map(({ place: _place, ...s }) => ({ ...s, local: false })),
        },
      }),
    );
  }

  stop(): Promise<void> {
    return this.svc?.stop() ?? Promise.resolve();
  }
}
