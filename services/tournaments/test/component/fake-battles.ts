// A stand-in for the battles service: a real ConnectRPC BattlesService that records CreateBattle calls
// and publishes battle.finished through its own outbox, as battles would; it also answers the bots
// service's GetBotVersion from a map the test fills.
import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import {
  BattleSchema,
  BattlesService,
  type Battle,
  type CreateBattleRequest,
} from '@garrison/contracts/gen/garrison/battles/v1/battles_pb';
import { BotVersionSchema, BotsService } from '@garrison/contracts/gen/garrison/bots/v1/bots_pb';
import { Code, ConnectError, withTransaction, type ServiceDefinition } from '@garrison/kit';

export interface FakeBattles {
  def: ServiceDefinition;
  calls: CreateBattleRequest[];
  /** The battle created for a request id. */
  byRequest: Map<string, Battle>;
  /** While true, CreateBattle answers UNAVAILABLE (the battles service is down). */
  down: boolean;
  /** The bot registry's answers to GetBotVersion (the same stand-in serves the bots service). */
  bots: Map<string, { ownerId: string; rankedEligible: boolean }>;
}

export function fakeBattles(): FakeBattles {
  const calls: CreateBattleRequest[] = [];
  const byRequest = new Map<string, Battle>();
  const bots = new Map<string, { ownerId: string; rankedEligible: boolean }>();
  const fake = { calls, byRequest, down: false, bots } as FakeBattles;
  fake.def = {
    name: 'battles',
    setup: () => ({
      grpc: (router) =>
        router
          .service(BattlesService, {
            createBattle(req) {
              calls.push(req);
              if (fake.down) throw new ConnectError('battles is down', Code.Unavailable);
              const known = byRequest.get(req.requestId);
              if (known) return known; // idempotent by request id, like the real one
              const battle = create(BattleSchema, {
                id: randomUUID(),
                kind: req.kind,
                status: 'scheduled',
                mode: req.mode || 'duel',
                ranked: req.ranked,
                contextId: req.contextId,
                participants: req.participants,
                startsAt: req.startsAt,
              });
              byRequest.set(req.requestId, battle);
              return battle;
            },
            getBattle(req) {
              const battle = [...byRequest.values()].find((b) => b.id === req.id);
              if (!battle) throw new ConnectError(`no battle ${req.id}`, Code.NotFound);
              return battle;
            },
            async *watchBattle() {},
          })
          .service(BotsService, {
            getBotVersion(req) {
              const bot = bots.get(req.botVersionId);
              if (!bot) throw new ConnectError(`no bot version ${req.botVersionId}`, Code.NotFound);
              return create(BotVersionSchema, { botVersionId: req.botVersionId, status: 'valid', ...bot });
            },
            getBotSource() {
              throw new ConnectError('not needed by tournaments', Code.Unimplemented);
            },
          }),
    }),
  };
  return fake;
}

/** A service named like a real producer, used only to publish that producer's events in tests. */
export const producer = (name: string): ServiceDefinition => ({ name, setup: () => ({}) });

type Publisher = { ctx: { db: unknown; bus: { publish: (tx: never, e: object) => Promise<void> } } };

/** Publishes through the producer's outbox, exactly as the real service would. */
export const publishAs = (svc: Publisher, type: string, data: unknown) =>
  withTransaction(svc.ctx.db as never, (tx) => svc.ctx.bus.publish(tx as never, { type, version: 1, data }));

/** A battle.finished of a tournament duel: `winner` takes place 1. */
export function battleFinished(battle: Battle, winner: string, scores: Record<string, number> = {}) {
  return {
    battleId: battle.id,
    kind: 'tournament',
    ranked: true,
    contextId: battle.contextId,
    mode: 'duel',
    rulesVersion: 1,
    replayId: battle.id,
    finishedAt: new Date().toISOString(),
    participants: battle.participants.map((p) => ({
      userId: p.userId,
      botVersionId: p.botVersionId || null,
      botId: null,
      version: null,
      builtin: null,
      local: p.local,
      place: p.userId === winner ? 1 : 2,
      score: scores[p.userId] ?? (p.userId === winner ? 100 : 40),
    })),
  };
}

/** A battle.started of a tournament duel. */
export const battleStarted = (battle: Battle) => ({
  battleId: battle.id,
  kind: 'tournament',
  ranked: true,
  contextId: battle.contextId,
  startedAt: new Date().toISOString(),
  participants: battle.participants.map((p) => ({
    userId: p.userId,
    botVersionId: p.botVersionId || null,
    builtin: null,
    local: p.local,
  })),
});
