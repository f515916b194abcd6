import { RULES_VERSIONS } from '@garrison/game';
import { Type } from 'typebox';

const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const BotSchema = Type.Union(
  [
    Type.Object({ botVersionId: Uuid }, { additionalProperties: false }),
    Type.Object({ local: Type.Literal(true) }, { additionalProperties: false }),
  ],
  { description: "a hosted bot version, or {local: true} for the player's local Agent" },
);

const rulesFields = {
  mode: Type.Literal('duel'),
  rounds: Type.Optional(Type.Integer({ minimum: 1, maximum: 15, description: 'game rounds per battle' })),
  version: Type.Optional(
    Type.Union(
      RULES_VERSIONS.map((v) => Type.Literal(v)),
      { description: 'game rules version: 1 (default) or 2 (obstacles)' },
    ),
  ),
};
/** Battle rules of every battle in the tournament; `{mode: "duel"}` when left out at creation. */
export const RulesSchema = Type.Object(rulesFields, {
  additionalProperties: false,
  default: { mode: 'duel' },
});
/** In a PATCH nothing may default: a missing field stays as it is. */
const RulesPatchSchema = Type.Object(rulesFields, { additionalProperties: false });

export const FormatSchema = Type.Union([
  Type.Literal('round-robin'),
  Type.Literal('single-elimination'),
  Type.Literal('swiss'),
]);
const VisibilitySchema = Type.Union([Type.Literal('public'), Type.Literal('invite-only')]);
const StatusSchema = Type.Union([
  Type.Literal('upcoming'),
  Type.Literal('running'),
  Type.Literal('finished'),
  Type.Literal('cancelled'),
]);

const settings = {
  title: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.String({ maxLength: 10_000, default: '' }),
  format: FormatSchema,
  swissRounds: Type.Optional(
    Nullable(Type.Integer({ minimum: 1, maximum: 64, description: 'swiss only; default ⌈log2 n⌉' })),
  ),
  rules: RulesSchema,
  capacity: Type.Integer({ minimum: 2 }),
  visibility: Type.Optional(VisibilitySchema),
};

/** A one-off tournament's choice (SPEC 3.5; ADR 240); series editions are not broadcast. */
const BroadcastField = Type.Optional(
  Type.Boolean({
    description:
      'watchable live: battles shown to spectators in real time (10 ticks/s, 5 s behind), each result ' +
      '(standings, notifications, ratings) revealed when its broadcast ends',
  }),
);

export const CreateTournamentBody = Type.Object(
  {
    ...settings,
    broadcast: BroadcastField,
    startsAt: DateTime,
    registrationClosesAt: Type.Optional(DateTime),
  },
  { additionalProperties: false },
);

export const PatchTournamentBody = Type.Object(
  {
    title: Type.Optional(settings.title),
    description: Type.Optional(Type.String({ maxLength: 10_000 })),
    format: Type.Optional(FormatSchema),
    swissRounds: settings.swissRounds,
    rules: Type.Optional(RulesPatchSchema),
    capacity: Type.Optional(settings.capacity),
    visibility: Type.Optional(VisibilitySchema),
    broadcast: BroadcastField,
    startsAt: Type.Optional(DateTime),
    registrationClosesAt: Type.Optional(DateTime),
  },
  { additionalProperties: false, minProperties: 1 },
);

const Summary = {
  id: Uuid,
  title: Type.String(),
  description: Type.String(),
  organizerId: Uuid,
  format: Type.String(),
  swissRounds: Nullable(Type.Integer()),
  rules: Type.Object({
    mode: Type.String(),
    rounds: Type.Optional(Type.Integer()),
    version: Type.Optional(Type.Integer()),
  }),
  capacity: Type.Integer(),
  visibility: VisibilitySchema,
  startsAt: DateTime,
  registrationClosesAt: DateTime,
  status: StatusSchema,
  seriesId: Nullable(Uuid),
  rating: Nullable(Type.Number()),
  weight: Nullable(Type.Number()),
  cancelReason: Nullable(Type.String()),
  broadcast: Type.Boolean(),
};
export const TournamentSummarySchema = Type.Object(Summary);

export const TournamentSchema = Type.Object({
  ...Summary,
  participants: Type.Array(
    Type.Object({
      userId: Uuid,
      bot: BotSchema,
      place: Nullable(Type.Integer()),
      points: Nullable(Type.Integer()),
    }),
  ),
  rounds: Type.Array(
    Type.Object({
      number: Type.Integer(),
      byes: Type.Array(Uuid),
      battles: Type.Array(
        Type.Object({
          battleId: Nullable(Uuid),
          status: Type.String(),
          participants: Type.Array(
            Type.Object({
              userId: Uuid,
              place: Nullable(Type.Integer()),
              score: Nullable(Type.Number()),
              forfeited: Type.Boolean(),
            }),
          ),
        }),
      ),
    }),
  ),
});

export const TournamentPageSchema = Type.Object({
  items: Type.Array(TournamentSummarySchema),
  nextCursor: Nullable(Type.String()),
});

export const ListQuery = Type.Object({
  status: Type.Optional(StatusSchema),
  mine: Type.Optional(Type.Boolean({ description: 'organised by me, or applied to by me' })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,19}$' })),
});

export const IdParams = Type.Object({ id: Uuid });
export const ApplicationParams = Type.Object({ id: Uuid, appId: Uuid });

export const CancelBody = Type.Union([
  Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
  Type.Null(),
]);

export const ApplyBody = Type.Object({ bot: BotSchema }, { additionalProperties: false });
export const RejectBody = Type.Union([
  Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
  Type.Null(),
]);

export const ApplicationSchema = Type.Object({
  id: Uuid,
  tournamentId: Uuid,
  userId: Uuid,
  bot: BotSchema,
  status: Type.Union([
    Type.Literal('pending'),
    Type.Literal('accepted'),
    Type.Literal('rejected'),
    Type.Literal('waitlisted'),
  ]),
  reason: Nullable(Type.String()),
  createdAt: DateTime,
});

export const InviteBody = Type.Object({ userId: Uuid }, { additionalProperties: false });
export const InvitationSchema = Type.Object({ tournamentId: Uuid, userId: Uuid, invitedAt: DateTime });

export const ScheduleSchema = Type.Object(
  {
    every: Type.Union([Type.Literal('day'), Type.Literal('week')]),
    weekday: Type.Optional(
      Type.Union([
        Type.Literal('sunday'),
        Type.Literal('monday'),
        Type.Literal('tuesday'),
        Type.Literal('wednesday'),
        Type.Literal('thursday'),
        Type.Literal('friday'),
        Type.Literal('saturday'),
      ]),
    ),
    at: Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'local time HH:MM' }),
    timezone: Type.String({ minLength: 1, maxLength: 64, default: 'UTC', description: 'IANA zone' }),
  },
  { additionalProperties: false },
);

export const CreateSeriesBody = Type.Object(
  {
    ...settings,
    // editions are called "<title> #<n>", which must stay within the 200 characters of a title
    title: Type.String({ minLength: 1, maxLength: 180 }),
    schedule: ScheduleSchema,
  },
  { additionalProperties: false },
);

export const SeriesSchema = Type.Object({
  id: Uuid,
  title: Type.String(),
  description: Type.String(),
  organizerId: Uuid,
  format: Type.String(),
  swissRounds: Nullable(Type.Integer()),
  rules: Type.Object({
    mode: Type.String(),
    rounds: Type.Optional(Type.Integer()),
    version: Type.Optional(Type.Integer()),
  }),
  capacity: Type.Integer(),
  visibility: VisibilitySchema,
  schedule: ScheduleSchema,
  rating: Type.Number(),
  editions: Type.Array(TournamentSummarySchema),
});
