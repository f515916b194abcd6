import { Type } from 'typebox';

const Uuid = Type.String({ format: 'uuid' });
const GateStatus = Type.Union([Type.Literal('running'), Type.Literal('passed'), Type.Literal('failed')]);
const Language = Type.Union([Type.Literal('js'), Type.Literal('ts')]);

export const BotSchema = Type.Object({
  id: Type.String({ description: 'UUID; built-ins: "builtin:<name>"' }),
  name: Type.String(),
  ownerId: Type.Union([Uuid, Type.Null()], { description: 'null for a built-in bot' }),
  builtin: Type.Boolean({ description: 'a reference bot of the platform; battles name it {builtin: name}' }),
  description: Type.Optional(Type.String()),
  activeVersion: Type.Union([Type.Integer(), Type.Null()], { description: 'number of the active version' }),
  activeVersionId: Type.Union([Uuid, Type.Null()], {
    description: 'the botVersionId battles are started with',
  }),
  rankedEligible: Type.Boolean({ description: 'the active version may play ranked battles' }),
  createdAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const BotPageSchema = Type.Object({
  items: Type.Array(BotSchema),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

export const GateSchema = Type.Object({
  status: GateStatus,
  wins: Type.Integer(),
  played: Type.Integer(),
  total: Type.Integer(),
  baselineVersionId: Uuid,
});

const versionFields = {
  id: Type.String({ format: 'uuid', description: 'the botVersionId' }),
  botId: Uuid,
  version: Type.Integer({ minimum: 1 }),
  status: Type.Union([Type.Literal('valid'), Type.Literal('invalid')]),
  error: Type.Optional(Type.String({ description: 'what is wrong with an invalid version' })),
  language: Language,
  createdAt: Type.String({ format: 'date-time' }),
  active: Type.Boolean(),
  rankedEligible: Type.Boolean({ description: 'first activated version, or passed its regression gate' }),
  gate: Type.Optional(GateSchema),
};

export const VersionSchema = Type.Object(versionFields);
export const VersionPageSchema = Type.Object({ items: Type.Array(VersionSchema) });
export const VersionDetailSchema = Type.Object({ ...versionFields, source: Type.String() });

export const CreateBotBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 40 }) },
  { additionalProperties: false },
);

export const UploadVersionBody = Type.Object(
  {
    source: Type.String({ minLength: 1, description: 'an ES module, at most 256 KiB (UTF-8); larger → 413' }),
    language: Language,
  },
  { additionalProperties: false },
);

export const ListBotsQuery = Type.Object({
  owner: Type.Optional(
    Type.Union([Uuid, Type.Literal('builtin')], {
      description: 'a user id, or "builtin" for the reference bots; omitted: built-ins first, then every bot',
    }),
  ),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  cursor: Type.Optional(Type.String({ maxLength: 32 })),
});

export const BotIdParams = Type.Object({ id: Uuid });

export const VersionParams = Type.Object({
  id: Uuid,
  v: Type.String({
    pattern:
      '^([1-9][0-9]{0,8}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$',
    description: 'the version number (1, 2, …) or the botVersionId',
  }),
});
