import { randomUUID } from 'node:crypto';
import {
  BattlesService,
  type CreateBattleRequest,
} from '@garrison/contracts/gen/garrison/battles/v1/battles_pb';
import { BotsService } from '@garrison/contracts/gen/garrison/bots/v1/bots_pb';
import { Code, ConnectError, sql, withTransaction, type ServiceDefinition } from '@garrison/kit';
import { startTestService, type TestService } from '@garrison/kit/testing';

interface BotFacts {
  ownerId: string;
  rankedEligible: boolean;
}

/**
 * A stand-in for the battles service: a real ConnectRPC server named `battles` that records every
 * CreateBattle and is idempotent by request id like the real one. It can refuse a bot version
 * (NOT_FOUND) or be down (UNAVAILABLE), and like the real one it refuses a seat whose bot is not
 * its user's (PERMISSION_DENIED). It also answers for the bot registry (GetBotVersion): the bot
 * versions `botOf` made.
 */
export class BattlesDouble {
  readonly requests: CreateBattleRequest[] = [];
  readonly battleOf = new Map<string, string>();
  readonly unknownBots = new Set<string>();
  readonly bots = new Map<string, BotFacts>();
  unavailable = false;
  private svc!: TestService;

  /** A valid hosted bot version of `owner` in the registry. */
  botOf(owner: { id: string }, rankedEligible = true): { botVersionId: string } {
    const botVersionId = randomUUID();
    this.bots.set(botVersionId, { ownerId: owner.id, rankedEligible });
    return { botVersionId };
  }

  async start(): Promise<this> {
    const definition: ServiceDefinition = {
      name: 'battles',
      setup: () => ({
        grpc: (router) => {
          router.service(BotsService, {
            getBotVersion: (req) => {
              const facts = this.bots.get(req.botVersionId);
              if (!facts)
                throw new ConnectError(`There is no bot version ${req.botVersionId}`, Code.NotFound);
              return { botVersionId: req.botVersionId, status: 'valid', ...facts };
            },
          });
          router.service(BattlesService, {
            createBattle: (req) => {
              if (this.unavailable) throw new ConnectError('battles is down', Code.Unavailable);
              const unknown = req.participants.find((p) => this.unknownBots.has(p.botVersionId));
              if (unknown)
                throw new ConnectError(`bot version ${unknown.botVersionId} not found`, Code.NotFound);
              const stolen = req.participants.find(
                (p) => p.botVersionId && this.bots.get(p.botVersionId)?.ownerId !== p.userId,
              );
              if (stolen)
                throw new ConnectError(
                  `bot version ${stolen.botVersionId} is not theirs`,
                  Code.PermissionDenied,
                );
              this.requests.push(req);
              let id = this.battleOf.get(req.requestId);
              if (!id) this.battleOf.set(req.requestId, (id = randomUUID()));
              return {
                id,
                kind: req.kind,
                status: 'scheduled',
                ranked: req.ranked,
                mode: req.mode,
                rounds: req.rounds,
                contextId: req.contextId,
                participants: req.participants,
              };
            },
          });
        },
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

  /** Distinct battles asked for with this context (retries of one request id count once). */
  battlesOf(contextId: string): CreateBattleRequest[] {
    const seen = new Map<string, CreateBattleRequest>();
    for (const r of this.requests) if (r.contextId === contextId) seen.set(r.requestId, r);
    return [...seen.values()];
  }

  stop(): Promise<void> {
    return this.svc?.stop() ?? Promise.resolve();
  }
}

/** A stand-in for ratings: publishes `rating.changed` on the shared bus, as the real one does. */
export class RatingsDouble {
  private svc!: TestService;
  private readonly seqs = new Map<string, number>();

  async start(bus: { BUS_DATABASE_URL: string; BUS_PREFIX: string }): Promise<this> {
    this.svc = await startTestService({ name: 'ratings', setup: () => ({}) }, { database: true, env: bus });
    return this;
  }

  /** Publishes the player's next rating (or one with the given seq, to deliver out of order). */
  async rate(userId: string, conservative: number, seqGiven?: number): Promise<string> {
    const seq = seqGiven ?? (this.seqs.get(userId) ?? 0) + 1;
    this.seqs.set(userId, Math.max(seq, this.seqs.get(userId) ?? 0));
    const event = await withTransaction(this.svc.ctx.db, (tx) =>
      this.svc.ctx.bus.publish(tx, {
        type: 'rating.changed',
        version: 1,
        data: {
          userId,
          rating: conservative + 100,
          rd: 50,
          volatility: 0.06,
          conservative,
          points: 0,
          battles: seq,
          reason: 'battle',
          seq,
          changedAt: new Date().toISOString(),
        },
      }),
    );
    return event.id;
  }

  /** Writes a `rating.changed` that breaks its schema straight into the outbox (a poisoned message). */
  async poison(data: object): Promise<string> {
    const id = randomUUID();
    const envelope = {
      id,
      type: 'rating.changed',
      version: 1,
      occurredAt: new Date().toISOString(),
      producer: 'ratings',
      correlationId: id,
      causationId: null,
      data,
    };
    await sql`insert into kit_outbox (id, kind, destination, type, envelope) values (${id}, 'event', 'ratings', 'rating.changed', ${JSON.stringify(envelope)}::jsonb)`.execute(
      this.svc.ctx.db,
    );
    await sql`select pg_notify('kit_outbox', '')`.execute(this.svc.ctx.db);
    return id;
  }

  stop(): Promise<void> {
    return this.svc?.stop() ?? Promise.resolve();
  }
}

/** A stand-in for users: publishes `user.created` / `user.deactivated` on the shared bus. */
export class UsersDouble {
  private svc!: TestService;

  async start(bus: { BUS_DATABASE_URL: string; BUS_PREFIX: string }): Promise<this> {
    this.svc = await startTestService({ name: 'users', setup: () => ({}) }, { database: true, env: bus });
    return this;
  }

  async created(id: string, displayName = `Player ${id.slice(0, 4)}`): Promise<void> {
    await withTransaction(this.svc.ctx.db, (tx) =>
      this.svc.ctx.bus.publish(tx, {
        type: 'user.created',
        version: 1,
        data: {
          id,
          login: `p${id.slice(0, 8)}`,
          displayName,
          roles: ['player'],
          active: true,
          createdAt: new Date().toISOString(),
        },
      }),
    );
  }

  async deactivated(id: string): Promise<void> {
    await withTransaction(this.svc.ctx.db, (tx) =>
      this.svc.ctx.bus.publish(tx, {
        type: 'user.deactivated',
        version: 1,
        data: { id, login: `p${id.slice(0, 8)}` },
      }),
    );
  }

  stop(): Promise<void> {
    return this.svc?.stop() ?? Promise.resolve();
  }
}
