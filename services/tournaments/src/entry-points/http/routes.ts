import { identityOf, requireAuth, type HttpApp } from '@garrison/kit';
import { Type } from 'typebox';
import type { Deps } from '../../app/deps.js';
import { createTournament } from '../../app/create-tournament.js';
import { editTournament } from '../../app/edit-tournament.js';
import { cancelTournament } from '../../app/cancel-tournament.js';
import { decideApplication, listApplications, submitApplication } from '../../app/applications.js';
import { inviteUser } from '../../app/invitations.js';
import { listTournaments } from '../../app/list-tournaments.js';
import { createSeries, getSeries } from '../../app/series.js';
import { loadTournament } from '../../adapters/tournament-view.js';
import {
  ApplicationParams,
  ApplicationSchema,
  ApplyBody,
  CancelBody,
  CreateSeriesBody,
  CreateTournamentBody,
  IdParams,
  InvitationSchema,
  InviteBody,
  ListQuery,
  PatchTournamentBody,
  RejectBody,
  SeriesSchema,
  TournamentPageSchema,
  TournamentSchema,
} from './schemas.js';

const tags = ['tournaments'];
const date = (s: string | undefined) => (s === undefined ? undefined : new Date(s));

export function registerTournamentRoutes(app: HttpApp, deps: Deps): void {
  const auth = { preHandler: requireAuth };

  app.post(
    '/api/tournaments',
    {
      ...auth,
      schema: {
        tags,
        summary: 'Organise a tournament',
        body: CreateTournamentBody,
        response: { 201: TournamentSchema },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const startsAt = new Date(b.startsAt);
      const tournament = await createTournament(deps, identityOf(req).userId, {
        title: b.title,
        description: b.description,
        format: b.format,
        swissRounds: b.swissRounds ?? null,
        rules: b.rules,
        capacity: b.capacity,
        visibility: b.visibility ?? 'public',
        broadcast: b.broadcast ?? false,
        startsAt,
        registrationClosesAt: date(b.registrationClosesAt) ?? startsAt,
      });
      return reply.code(201).send(tournament);
    },
  );

  app.get(
    '/api/tournaments',
    {
      ...auth,
      schema: {
        tags,
        summary: 'Tournaments, newest first',
        querystring: ListQuery,
        response: { 200: TournamentPageSchema },
      },
    },
    async (req) => listTournaments(deps.db, identityOf(req), req.query),
  );

  app.get(
    '/api/tournaments/:id',
    {
      ...auth,
      schema: {
        tags,
        summary: 'A tournament with participants, rounds and battles',
        params: IdParams,
        response: { 200: TournamentSchema },
      },
    },
    async (req) => loadTournament(deps.db, req.params.id),
  );

  app.patch(
    '/api/tournaments/:id',
    {
      ...auth,
      schema: {
        tags,
        summary: 'Edit a tournament before it starts (organiser)',
        params: IdParams,
        body: PatchTournamentBody,
        response: { 200: TournamentSchema },
      },
    },
    async (req) => {
      const b = req.body;
      return editTournament(deps, req.params.id, identityOf(req), {
        title: b.title,
        description: b.description,
        format: b.format,
        swissRounds: b.swissRounds,
        rules: b.rules,
        capacity: b.capacity,
        visibility: b.visibility,
        broadcast: b.broadcast,
        startsAt: date(b.startsAt),
        registrationClosesAt: date(b.registrationClosesAt),
      });
    },
  );

  app.post(
    '/api/tournaments/:id/cancel',
    {
      ...auth,
      schema: {
        tags,
        summary: 'Cancel before the start (organiser)',
        params: IdParams,
        body: CancelBody,
        response: { 200: TournamentSchema },
      },
    },
    async (req) => cancelTournament(deps, req.params.id, identityOf(req), req.body?.reason),
  );

  app.post(
    '/api/tournaments/:id/applications',
    {
      ...auth,
      schema: {
        tags,
        summary: 'Apply to play with a bot',
        params: IdParams,
        body: ApplyBody,
        response: { 201: ApplicationSchema },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await submitApplication(deps, req.params.id, identityOf(req), req.body.bot)),
  );

  app.get(
    '/api/tournaments/:id/applications',
    {
      ...auth,
      schema: {
        tags,
        summary: 'Applications (organiser)',
        params: IdParams,
        response: { 200: Type.Array(ApplicationSchema) },
      },
    },
    async (req) => listApplications(deps, req.params.id, identityOf(req)),
  );

  app.post(
    '/api/tournaments/:id/applications/:appId/accept',
    {
      ...auth,
      schema: {
        tags,
        summary: 'Accept an application (organiser; capacity enforced)',
        params: ApplicationParams,
        response: { 200: ApplicationSchema },
      },
    },
    async (req) => decideApplication(deps, req.params.id, req.params.appId, identityOf(req), 'accept', null),
  );

  app.post(
    '/api/tournaments/:id/applications/:appId/reject',
    {
      ...auth,
      schema: {
        tags,
        summary: 'Reject an application with a reason (organiser)',
        params: ApplicationParams,
        body: RejectBody,
        response: { 200: ApplicationSchema },
      },
    },
    async (req) =>
      decideApplication(
        deps,
        req.params.id,
        req.params.appId,
        identityOf(req),
        'reject',
        req.body?.reason ?? null,
      ),
  );

  app.post(
    '/api/tournaments/:id/invitations',
    {
      ...auth,
      schema: {
        tags,
        summary: 'Invite a user (organiser)',
        params: IdParams,
        body: InviteBody,
        response: { 200: InvitationSchema, 201: InvitationSchema },
      },
    },
    async (req, reply) => {
      const { invitation, created } = await inviteUser(deps, req.params.id, identityOf(req), req.body.userId);
      return reply.code(created ? 201 : 200).send(invitation);
    },
  );

  app.post(
    '/api/series',
    {
      ...auth,
      schema: {
        tags,
        summary: 'Create a regular tournament series',
        body: CreateSeriesBody,
        response: { 201: SeriesSchema },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const series = await createSeries(deps, identityOf(req).userId, {
        title: b.title,
        description: b.description,
        format: b.format,
        swissRounds: b.swissRounds ?? null,
        rules: b.rules,
        capacity: b.capacity,
        visibility: b.visibility ?? 'public',
        schedule: b.schedule,
      });
      return reply.code(201).send(series);
    },
  );

  app.get(
    '/api/series/:id',
    {
      ...auth,
      schema: {
        tags,
        summary: 'A series: editions and its rating',
        params: IdParams,
        response: { 200: SeriesSchema },
      },
    },
    async (req) => getSeries(deps, req.params.id),
  );
}
