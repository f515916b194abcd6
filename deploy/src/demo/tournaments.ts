/**
 * Tournaments and a series, made through /api/tournaments and /api/series as an organiser and its
 * players would. Each step first looks for what an earlier run made (by title, among the organiser's
 * own tournaments), so running the demo again adds nothing.
 */
import { poll, type DemoApi } from './api.js';
import type { DemoAccount } from './accounts.js';
import { TITLES } from './cast.js';

export interface Entrant {
  account: DemoAccount;
  versionId: string;
}

export interface TournamentSummary {
  id: string;
  title: string;
  status: 'upcoming' | 'running' | 'finished' | 'cancelled';
  startsAt: string;
  seriesId: string | null;
}

export interface TournamentView extends TournamentSummary {
  participants: { userId: string; place: number | null; points: number | null }[];
  rounds: { number: number; battles: { battleId: string | null; status: string }[] }[];
}

export interface TournamentPlan {
  title: string;
  description: string;
  format: 'round-robin' | 'swiss' | 'single-elimination';
  capacity: number;
  /** Game rounds per battle: few keep battles short. */
  gameRounds: number;
  /** Battles shown live to spectators, each result revealed when its broadcast ends (ADR 240). */
  broadcast?: boolean;
}

export const FINISHED_PLAN: TournamentPlan = {
  title: TITLES.finished,
  description:
    'A round robin of four demo bots, one game round per battle: over in a minute. Open a battle to watch its replay.',
  format: 'round-robin',
  capacity: 4,
  gameRounds: 1,
};

export const RUNNING_PLAN: TournamentPlan = {
  title: TITLES.running,
  description:
    'Eight demo bots, five game rounds per battle, broadcast: each battle is shown as it happens and its result revealed at its end — open one from "On now" to watch it live.',
  format: 'round-robin',
  capacity: 8,
  gameRounds: 5,
  broadcast: true,
};

/** Far enough ahead that every entrant registers in time; the start is then moved to "now". */
const PLACEHOLDER_START_MS = 60 * 60_000;
const START_DELAY_MS = 2_000;

async function organisedTournaments(api: DemoApi, organiser: DemoAccount): Promise<TournamentSummary[]> {
  const page = await api.get<{ items: TournamentSummary[] }>(
    '/api/tournaments?mine=true&limit=200',
    organiser.token,
  );
  return page.items;
}

export function getTournament(api: DemoApi, token: string, id: string): Promise<TournamentView> {
  return api.get<TournamentView>(`/api/tournaments/${id}`, token);
}

/**
 * The tournament of `plan` with every entrant accepted and its start moved to a moment from now; the
 * scheduler starts it and the battle workers play it. An earlier run's tournament is returned as it is.
 */
export async function ensureStartedTournament(
  api: DemoApi,
  organiser: DemoAccount,
  entrants: readonly Entrant[],
  plan: TournamentPlan,
): Promise<{ tournament: TournamentSummary; created: boolean }> {
  const earlier = (await organisedTournaments(api, organiser)).find(
    (t) => t.title === plan.title && t.seriesId === null && t.status !== 'cancelled',
  );
  if (earlier && earlier.status !== 'upcoming') return { tournament: earlier, created: false };

  const tournament =
    earlier ??
    (await api.post<TournamentSummary>(
      '/api/tournaments',
      {
        title: plan.title,
        description: plan.description,
        format: plan.format,
        capacity: plan.capacity,
        visibility: 'public',
        rules: { mode: 'duel', rounds: plan.gameRounds },
        broadcast: plan.broadcast ?? false,
        startsAt: new Date(Date.now() + PLACEHOLDER_START_MS).toISOString(),
      },
      organiser.token,
    ));
  const base = `/api/tournaments/${tournament.id}`;
  for (const { account, versionId } of entrants) {
    // an invited player is accepted as soon as they apply
    await api.call('POST', `${base}/invitations`, { body: { userId: account.id }, token: organiser.token });
    await api.call('POST', `${base}/applications`, {
      body: { bot: { botVersionId: versionId } },
      token: account.token,
      expected: [201, 409], // 409: applied in an earlier, interrupted run
    });
  }
  const startsAt = new Date(Date.now() + START_DELAY_MS).toISOString();
  const started = await api.call<TournamentSummary>('PATCH', base, {
    body: { startsAt, registrationClosesAt: startsAt },
    token: organiser.token,
  });
  return { tournament: started, created: earlier === undefined };
}

/** Waits until the tournament reaches one of `statuses`; undefined when it does not in time. */
export function waitForStatus(
  api: DemoApi,
  token: string,
  id: string,
  statuses: readonly TournamentSummary['status'][],
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<TournamentView | undefined> {
  return poll(
    async () => {
      const t = await getTournament(api, token, id);
      if (t.status === 'cancelled' && !statuses.includes('cancelled'))
        throw new Error(`the tournament "${t.title}" was cancelled`);
      return statuses.includes(t.status) ? t : undefined;
    },
    { intervalMs: 1_000, ...options },
  );
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

export interface SeriesView {
  id: string;
  title: string;
  editions: TournamentSummary[];
}

/**
 * A weekly series whose first edition is a few days ahead (so it is "upcoming" for a while), with
 * some players already registered for it.
 */
export async function ensureSeries(
  api: DemoApi,
  organiser: DemoAccount,
  applicants: readonly Entrant[],
  now = new Date(),
): Promise<{ series: SeriesView; created: boolean }> {
  const edition = (await organisedTournaments(api, organiser)).find(
    (t) => t.seriesId !== null && t.title.startsWith(`${TITLES.series} #`),
  );
  if (edition) {
    const series = await api.get<SeriesView>(`/api/series/${edition.seriesId}`, organiser.token);
    return { series, created: false };
  }
  const series = await api.post<SeriesView>(
    '/api/series',
    {
      title: TITLES.series,
      description:
        'Every week, a swiss tournament of three rounds. Register a bot and join the next edition.',
      format: 'swiss',
      capacity: 16,
      visibility: 'public',
      rules: { mode: 'duel', rounds: 3 },
      schedule: { every: 'week', weekday: WEEKDAYS[(now.getUTCDay() + 3) % 7], at: '18:00', timezone: 'UTC' },
    },
    organiser.token,
  );
  const next = series.editions.find((e) => e.status === 'upcoming');
  if (next) {
    for (const { account, versionId } of applicants) {
      const application = await api.call<{ id: string; status: string }>(
        'POST',
        `/api/tournaments/${next.id}/applications`,
        { body: { bot: { botVersionId: versionId } }, token: account.token },
      );
      if (application.status === 'pending')
        await api.call('POST', `/api/tournaments/${next.id}/applications/${application.id}/accept`, {
          token: organiser.token,
        });
    }
  }
  return { series, created: true };
}
