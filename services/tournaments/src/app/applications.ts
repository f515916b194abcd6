import { randomUUID } from 'node:crypto';
import { problem, withTransaction, type Bus, type Identity, type Selectable } from '@garrison/kit';
import { json, type ApplicationsTable, type ApplicationStatus, type BotChoice } from '../database.js';
import { lockTournament, requireOrganizer, requireUpcoming } from './access.js';
import type { Deps } from './deps.js';
import type { Tx } from './ports.js';

export interface ApplicationView {
  id: string;
  tournamentId: string;
  userId: string;
  bot: BotChoice;
  status: ApplicationStatus;
  reason: string | null;
  createdAt: string;
}

const toView = (a: Selectable<ApplicationsTable>): ApplicationView => ({
  id: a.id,
  tournamentId: a.tournament_id,
  userId: a.user_id,
  bot: a.bot,
  status: a.status,
  reason: a.reason,
  createdAt: a.created_at.toISOString(),
});

export async function acceptedCount(tx: Tx, tournamentId: string): Promise<number> {
  const row = await tx
    .selectFrom('applications')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tournament_id', '=', tournamentId)
    .where('status', '=', 'accepted')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const isInvited = async (tx: Tx, tournamentId: string, userId: string) =>
  Boolean(
    await tx
      .selectFrom('invitations')
      .select('user_id')
      .where('tournament_id', '=', tournamentId)
      .where('user_id', '=', userId)
      .executeTakeFirst(),
  );

/** Changes an application's status and says so with `tournament.application-decided`. */
export async function decide(
  tx: Tx,
  bus: Bus,
  title: string,
  app: Selectable<ApplicationsTable>,
  status: ApplicationStatus,
  reason: string | null,
): Promise<Selectable<ApplicationsTable>> {
  const decidedAt = new Date();
  const row = await tx
    .updateTable('applications')
    .set({ status, reason, decided_at: decidedAt })
    .where('id', '=', app.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await bus.publish(tx, {
    type: 'tournament.application-decided',
    version: 1,
    data: {
      tournamentId: app.tournament_id,
      applicationId: app.id,
      userId: app.user_id,
      status,
      reason,
      title,
      decidedAt: decidedAt.toISOString(),
    },
  });
  return row;
}

/**
 * POST .../applications: an invited user is accepted at once (while there is room); otherwise the
 * organiser decides. A full tournament puts the application on the waitlist.
 */
export async function submitApplication(
  deps: Deps,
  tournamentId: string,
  who: Identity,
  bot: BotChoice,
): Promise<ApplicationView> {
  if ('botVersionId' in bot) await requireRankedBot(deps, who, bot.botVersionId);
  return withTransaction(deps.db, async (tx) => {
    const t = await lockTournament(tx, tournamentId);
    requireUpcoming(t, 'apply');
    if (Date.now() >= t.registration_closes_at.getTime())
      throw problem(
        409,
        'Registration closed',
        `Registration closed at ${t.registration_closes_at.toISOString()}`,
      );
    const invited = await isInvited(tx, t.id, who.userId);
    if (t.visibility === 'invite-only' && !invited)
      throw problem(403, 'Invitation required', 'This tournament is open to invited players only');
    const full = (await acceptedCount(tx, t.id)) >= t.capacity;
    const status: ApplicationStatus = full ? 'waitlisted' : invited ? 'accepted' : 'pending';
    const row = await tx
      .insertInto('applications')
      .values({
        id: randomUUID(),
        tournament_id: t.id,
        user_id: who.userId,
        bot: json(bot),
        status,
        reason: null,
        decided_at: status === 'accepted' ? new Date() : null,
      })
      .onConflict((oc) => oc.columns(['tournament_id', 'user_id']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw problem(409, 'Already applied', 'You have applied to this tournament already');
    await deps.bus.publish(tx, {
      type: 'tournament.application-submitted',
      version: 1,
      data: {
        tournamentId: t.id,
        applicationId: row.id,
        userId: row.user_id,
        bot,
        status,
        organizerId: t.organizer_id,
        title: t.title,
        submittedAt: row.created_at.toISOString(),
      },
    });
    return toView(row);
  });
}

/**
 * Tournament battles are ranked: a hosted bot must be the applicant's own and allowed to play ranked
 * (SPEC 3.2), or its battles would be refused when the round starts.
 */
async function requireRankedBot(deps: Deps, who: Identity, botVersionId: string): Promise<void> {
  const facts = await deps.bots.version(botVersionId);
  if (!facts) throw problem(422, 'Unknown bot version', `There is no valid bot version ${botVersionId}`);
  if (facts.ownerId !== who.userId)
    throw problem(403, 'Not your bot', 'Apply with one of your own bot versions');
  if (!facts.rankedEligible)
    throw problem(
      422,
      'Bot version may not play ranked battles',
      "Activate it (a bot's first version plays ranked at once) or wait until it passes the regression gate",
    );
}

/** GET .../applications: the organiser's view. */
export async function listApplications(
  deps: Deps,
  tournamentId: string,
  who: Identity,
): Promise<ApplicationView[]> {
  const t = await deps.db
    .selectFrom('tournaments')
    .select(['organizer_id'])
    .where('id', '=', tournamentId)
    .executeTakeFirst();
  if (!t) throw problem(404, 'Tournament not found', `There is no tournament ${tournamentId}`);
  requireOrganizer(t, who);
  const rows = await deps.db
    .selectFrom('applications')
    .selectAll()
    .where('tournament_id', '=', tournamentId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toView);
}

/** The oldest waitlisted application moves on when a place frees up: accepted if invited, else pending. */
async function promoteWaitlisted(tx: Tx, bus: Bus, t: { id: string; title: string }): Promise<void> {
  const next = await tx
    .selectFrom('applications')
    .selectAll()
    .where('tournament_id', '=', t.id)
    .where('status', '=', 'waitlisted')
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
  if (!next) return;
  const invited = await isInvited(tx, t.id, next.user_id);
  await decide(tx, bus, t.title, next, invited ? 'accepted' : 'pending', null);
}

/** POST .../applications/{appId}/accept | /reject: the organiser decides; capacity is enforced. */
export async function decideApplication(
  deps: Deps,
  tournamentId: string,
  applicationId: string,
  who: Identity,
  verdict: 'accept' | 'reject',
  reason: string | null,
): Promise<ApplicationView> {
  return withTransaction(deps.db, async (tx) => {
    const t = await lockTournament(tx, tournamentId);
    requireOrganizer(t, who);
    requireUpcoming(t, `${verdict} applications`);
    const app = await tx
      .selectFrom('applications')
      .selectAll()
      .where('id', '=', applicationId)
      .where('tournament_id', '=', tournamentId)
      .executeTakeFirst();
    if (!app) throw problem(404, 'Application not found', `There is no application ${applicationId} here`);
    if (verdict === 'accept') {
      if (app.status === 'accepted') return toView(app);
      if ((await acceptedCount(tx, t.id)) >= t.capacity)
        throw problem(
          409,
          'Tournament is full',
          `All ${t.capacity} places are taken; the application stays ${app.status}`,
        );
      return toView(await decide(tx, deps.bus, t.title, app, 'accepted', null));
    }
    if (app.status === 'rejected') return toView(app);
    const rejected = await decide(tx, deps.bus, t.title, app, 'rejected', reason);
    if (app.status === 'accepted') await promoteWaitlisted(tx, deps.bus, t);
    return toView(rejected);
  });
}
