import { RULES_VERSIONS } from '@garrison/game';
import { Type } from 'typebox';

const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });

export const BotSchema = Type.Union(
  [
    Type.Object({ botVersionId: Uuid }, { additionalProperties: false }),
    Type.Object({ local: Type.Literal(true) }, { additionalProperties: false }),
  ],
  { description: 'a hosted bot version, or the player\'s local Agent ({"local": true})' },
);

const Mode = Type.Union([Type.Literal('duel'), Type.Literal('ffa')]);

export const RulesInput = Type.Object(
  {
    mode: Type.Optional(Mode),
    rounds: Type.Optional(Type.Integer({ minimum: 1, maximum: 15 })),
    version: Type.Optional(
      Type.Union(
        RULES_VERSIONS.map((v) => Type.Literal(v)),
        { description: 'game rules version: 1 (default) or 2 (obstacles)' },
      ),
    ),
  },
  {
    additionalProperties: false,
    description: 'missing fields take the defaults: duel 5 rounds, ffa 3, version 1',
  },
);

export const RulesSchema = Type.Object({ mode: Mode, rounds: Type.Integer(), version: Type.Integer() });

export const IdParams = Type.Object({ id: Uuid });

// --- challenges ---

export const ChallengeBody = Type.Object(
  {
    opponentId: Uuid,
    bot: BotSchema,
    rules: Type.Optional(RulesInput),
    ranked: Type.Boolean({ default: false }),
  },
  { additionalProperties: false },
);

export const AcceptBody = Type.Object({ bot: BotSchema }, { additionalProperties: false });

const ChallengeStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('accepted'),
  Type.Literal('declined'),
  Type.Literal('expired'),
]);

export const ChallengeSchema = Type.Object({
  id: Uuid,
  challengerId: Uuid,
  opponentId: Uuid,
  challengerBot: BotSchema,
  opponentBot: Type.Union([BotSchema, Type.Null()]),
  rules: RulesSchema,
  ranked: Type.Boolean(),
  status: ChallengeStatus,
  battleId: Type.Union([Uuid, Type.Null()]),
  createdAt: DateTime,
  expiresAt: DateTime,
  decidedAt: Type.Union([DateTime, Type.Null()]),
});

export const ChallengeQuery = Type.Object({
  role: Type.Optional(Type.Union([Type.Literal('sent'), Type.Literal('received')])),
  status: Type.Optional(ChallengeStatus),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
});

export const ChallengeList = Type.Object({ items: Type.Array(ChallengeSchema) });

// --- rooms ---

export const RoomBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 64 }),
    private: Type.Boolean({ default: false }),
    capacity: Type.Integer({ minimum: 2, maximum: 6 }),
    rules: Type.Optional(RulesInput),
    bot: Type.Optional(BotSchema),
  },
  { additionalProperties: false },
);

export const JoinBody = Type.Object(
  { code: Type.Optional(Type.String({ maxLength: 32 })), bot: BotSchema },
  { additionalProperties: false },
);

export const ReadyBody = Type.Object(
  { ready: Type.Optional(Type.Boolean({ description: 'false takes the ready mark back; default true' })) },
  { additionalProperties: false },
);

export const RoomSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  ownerId: Uuid,
  private: Type.Boolean(),
  joinCode: Type.Optional(Type.String({ description: 'private rooms, shown to the owner and members' })),
  capacity: Type.Integer(),
  rules: RulesSchema,
  status: Type.Union([Type.Literal('open'), Type.Literal('started'), Type.Literal('closed')]),
  battleId: Type.Union([Uuid, Type.Null()]),
  members: Type.Array(
    Type.Object({ userId: Uuid, bot: BotSchema, ready: Type.Boolean(), joinedAt: DateTime }),
  ),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export const RoomQuery = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) });
export const RoomList = Type.Object({ items: Type.Array(RoomSchema) });

// --- auto-search ---

export const QueueBody = Type.Object({ bot: BotSchema }, { additionalProperties: false });

export const QueueStatusSchema = Type.Union([
  Type.Object({ status: Type.Literal('idle') }),
  Type.Object({
    status: Type.Literal('searching'),
    bot: BotSchema,
    since: DateTime,
    rating: Type.Number({ description: 'your conservative rating, as matchmaking knows it' }),
    window: Type.Number({ description: 'the rating difference you accept now (widens while you wait)' }),
  }),
  Type.Object({
    status: Type.Literal('matched'),
    matchId: Uuid,
    opponentId: Uuid,
    battleId: Type.Union([Uuid, Type.Null()]),
    matchedAt: DateTime,
  }),
  Type.Object({ status: Type.Literal('refused'), matchId: Uuid, reason: Type.String() }),
]);
