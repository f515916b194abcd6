import { identityOf, requireAuth, requireRole, type HttpApp, type ServiceContext } from '@garrison/kit';
import { Type } from 'typebox';
import type { Database } from '../../database.js';
import { createTask } from '../../app/create-task.js';
import { completeTask } from '../../app/complete-task.js';
import { shuffleTasks } from '../../app/shuffle-tasks.js';
import { getTask, listTasks } from '../../app/list-tasks.js';
import { splitLegacyTitle } from '../../domain/task-title.js';
import {
  CreateTaskBody,
  LegacyCreateTaskBody,
  ListQuery,
  TaskIdParams,
  TaskPageSchema,
  TaskSchema,
} from './schemas.js';

const tags = ['tasks'];
const MANAGERS = ['manager', 'admin'];

export function registerTaskRoutes(app: HttpApp, ctx: ServiceContext<Database>): void {
  const { db, bus } = ctx;

  app.post(
    '/api/tasks',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'Create a task; it goes to a random worker',
        body: CreateTaskBody,
        response: { 201: TaskSchema },
      },
    },
    async (req, reply) => {
      const { title, jiraId, description } = req.body;
      const task = await createTask(db, bus, identityOf(req).userId, {
        title,
        jiraId: jiraId ?? null,
        description,
      });
      return reply.code(201).send(task);
    },
  );

  app.post(
    '/api/v1/tasks',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'Create a task, old form: the jira id in brackets at the start of the title',
        body: LegacyCreateTaskBody,
        response: { 201: TaskSchema },
      },
    },
    async (req, reply) => {
      const task = await createTask(db, bus, identityOf(req).userId, {
        ...splitLegacyTitle(req.body.title),
        description: req.body.description,
      });
      return reply.code(201).send(task);
    },
  );

  app.get(
    '/api/tasks/mine',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: "The caller's tasks",
        querystring: ListQuery,
        response: { 200: TaskPageSchema },
      },
    },
    async (req) => listTasks(db, { ...req.query, assigneeId: identityOf(req).userId }),
  );

  app.get(
    '/api/tasks',
    {
      preHandler: requireRole(...MANAGERS),
      schema: {
        tags,
        summary: 'All tasks (managers and admins)',
        querystring: ListQuery,
        response: { 200: TaskPageSchema },
      },
    },
    async (req) => listTasks(db, req.query),
  );

  app.get(
    '/api/tasks/:id',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'One task (its assignee, its creator, managers and admins; 404 for anyone else)',
        params: TaskIdParams,
        response: { 200: TaskSchema },
      },
    },
    async (req) => getTask(db, req.params.id, identityOf(req)),
  );

  app.post(
    '/api/tasks/:id/complete',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'Complete a task (its current assignee only)',
        params: TaskIdParams,
        response: { 200: TaskSchema },
      },
    },
    async (req) => completeTask(db, bus, req.params.id, identityOf(req).userId),
  );

  app.post(
    '/api/tasks/shuffle',
    {
      preHandler: requireRole(...MANAGERS),
      schema: {
        tags,
        summary: 'Reassign every open task to a random worker',
        response: { 200: Type.Object({ reassigned: Type.Integer() }) },
      },
    },
    async () => shuffleTasks(db, bus),
  );
}
