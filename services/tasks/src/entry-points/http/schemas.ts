import { Type } from 'typebox';

export const TaskSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  title: Type.String(),
  jiraId: Type.Union([Type.String(), Type.Null()]),
  description: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('done')]),
  assigneeId: Type.String({ format: 'uuid' }),
  createdAt: Type.String({ format: 'date-time' }),
  completedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const TaskPageSchema = Type.Object({
  items: Type.Array(TaskSchema),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

export const CreateTaskBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 500 }),
    jiraId: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
    description: Type.String({ maxLength: 10_000, default: '' }),
  },
  { additionalProperties: false },
);

export const LegacyCreateTaskBody = Type.Object(
  {
    title: Type.String({
      minLength: 1,
      maxLength: 600,
      description: 'may start with the jira id: "[UBERPOP-42] Title"',
    }),
    description: Type.String({ maxLength: 10_000, default: '' }),
  },
  { additionalProperties: false },
);

export const ListQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('done')])),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  cursor: Type.Optional(Type.String({ maxLength: 32 })),
});

export const TaskIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
