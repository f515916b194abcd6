import { Type } from 'typebox';
import { MAX_ROUNDS } from '../../domain/battle-rules.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const ParticipantSchema = Type.Object({
  userId: Nullable(Type.String({ format: 'uuid' })),
  botVersionId: Nullable(Type.String({ format: 'uuid' })),
  botId: Nullable(Type.String({ format: 'uuid' })),
  version: Nullable(Type.Integer()),
  builtin: Nullable(Type.String()),
  local: Type.Boolean(),
  name: Type.String(),
  place: Nullable(Type.Integer({ minimum: 1 })),
  score: Nullable(Type.Number()),
  forfeited: Type.Boolean(),
});

const Status = Type.Union([
  Type.Literal('scheduled'),
  Type.Literal('running'),
  Type.Literal('finished'),
  Type.Literal('cancelled'),
]);
const Kind = Type.Union([
  Type.Literal('challenge'),
  Type.Literal('room'),
  Type.Literal('matchmaking'),
  Type.Literal('tournament'),
  Type.Literal('practice'),
  Type.Literal('gate'),
]);

export const BattleSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: Kind,
  status: Status,
  rulesVersion: Type.Integer(),
  seed: Type.Integer(),
  mode: Type.Union([Type.Literal('duel'), Type.Literal('ffa')]),
  rounds: Type.Integer(),
  ranked: Type.Boolean(),
  live: Type.Boolean({ description: 'a participant plays through a local Agent (real time)' }),
  contextId: Nullable(Type.String()),
  cancelReason: Nullable(Type.String()),
  participants: Type.Array(ParticipantSchema),
  createdAt: Type.String({ format: 'date-time' }),
  startsAt: Type.String({ format: 'date-time' }),
  startedAt: Nullable(Type.String({ format: 'date-time' })),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
  broadcast: Type.Boolean({
    description:
      'shown to spectators in real time from its replay once computed; places, scores and the replay ' +
      'stay hidden (status running) until the broadcast ends (ADR 240)',
  }),
  broadcastStartsAt: Nullable(
    Type.String({
      format: 'date-time',
      description: 'when spectators see its first tick; null until computed',
    }),
  ),
});

export const BattlePageSchema = Type.Object({
  items: Type.Array(BattleSchema),
  nextCursor: Nullable(Type.String()),
});

const SeatBody = Type.Union([
  Type.Object({ botVersionId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
  Type.Object({ builtin: Type.String({ minLength: 1, maxLength: 32 }) }, { additionalProperties: false }),
  Type.Object({ local: Type.Literal(true) }, { additionalProperties: false }),
]);

export const CreateBattleBody = Type.Object(
  {
    participants: Type.Array(SeatBody, { minItems: 2, maxItems: 6 }),
    mode: Type.Optional(Type.Union([Type.Literal('duel'), Type.Literal('ffa')])),
    rounds: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ROUNDS })),
    rulesVersion: Type.Optional(
      Type.Integer({ minimum: 1, description: 'version of the game rules: 1 (default) or 2 (obstacles)' }),
    ),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 4294967295 })),
  },
  { additionalProperties: false },
);

export const CreatedSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  status: Status,
});

export const ListQuery = Type.Object({
  user: Type.Optional(Type.String({ format: 'uuid' })),
  kind: Type.Optional(Kind),
  status: Type.Optional(Status),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  cursor: Type.Optional(Type.String({ maxLength: 32 })),
});

export const BattleIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
