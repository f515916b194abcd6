// One typed function per competition endpoint: tournaments and series, ratings, matchmaking.
import type { ApiClient } from './client';
import type {
  Application,
  BotChoice,
  Challenge,
  ChallengeStatus,
  Invitation,
  LeaderboardEntry,
  LeaderboardKind,
  NewChallenge,
  NewRoom,
  NewSeries,
  NewTournament,
  PlayerRating,
  QueueStatus,
  RatingFigures,
  Room,
  Series,
  Tournament,
  TournamentStatus,
  TournamentSummary,
} from './competition-types';
import type { Page, User } from './types';

const id = encodeURIComponent;

/** `?a=1&b=2` from the defined values only; empty string when there are none. */
function query(values: Record<string, string | number | boolean | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values))
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export interface TournamentFilter {
  status?: TournamentStatus;
  mine?: boolean;
  cursor?: string | null;
}

export function createCompetitionApi(client: ApiClient) {
  return {
    users: {
      get: (userId: string) =>
        client.get<User & { rating?: RatingFigures | null }>(`/api/users/${id(userId)}`),
      search: (text: string, limit = 8) =>
        client.get<Page<User>>(`/api/users${query({ query: text.trim(), limit })}`),
    },
    tournaments: {
      list: (filter: TournamentFilter) =>
        client.get<Page<TournamentSummary>>(
          `/api/tournaments${query({ status: filter.status, mine: filter.mine || undefined, cursor: filter.cursor })}`,
        ),
      get: (tournamentId: string) => client.get<Tournament>(`/api/tournaments/${id(tournamentId)}`),
      create: (input: NewTournament) => client.post<Tournament>('/api/tournaments', input),
      cancel: (tournamentId: string, reason?: string) =>
        client.post<Tournament>(`/api/tournaments/${id(tournamentId)}/cancel`, reason ? { reason } : {}),
      apply: (tournamentId: string, bot: BotChoice) =>
        client.post<Application>(`/api/tournaments/${id(tournamentId)}/applications`, { bot }),
      applications: (tournamentId: string) =>
        client.get<Application[]>(`/api/tournaments/${id(tournamentId)}/applications`),
      accept: (tournamentId: string, applicationId: string) =>
        client.post<Application>(
          `/api/tournaments/${id(tournamentId)}/applications/${id(applicationId)}/accept`,
        ),
      reject: (tournamentId: string, applicationId: string, reason: string) =>
        client.post<Application>(
          `/api/tournaments/${id(tournamentId)}/applications/${id(applicationId)}/reject`,
          reason.trim() ? { reason: reason.trim() } : {},
        ),
      invite: (tournamentId: string, userId: string) =>
        client.post<Invitation>(`/api/tournaments/${id(tournamentId)}/invitations`, { userId }),
    },
    series: {
      create: (input: NewSeries) => client.post<Series>('/api/series', input),
      get: (seriesId: string) => client.get<Series>(`/api/series/${id(seriesId)}`),
    },
    ratings: {
      leaderboard: (by: LeaderboardKind, cursor: string | null = null, limit = 50) =>
        client.get<Page<LeaderboardEntry>>(`/api/ratings/leaderboard${query({ by, cursor, limit })}`),
      of: (userId: string, history = 200) =>
        client.get<PlayerRating>(`/api/ratings/${id(userId)}${query({ history })}`),
    },
    challenges: {
      send: (input: NewChallenge) => client.post<Challenge>('/api/challenges', input),
      list: (filter: { role?: 'sent' | 'received'; status?: ChallengeStatus } = {}) =>
        client.get<{ items: Challenge[] }>(`/api/challenges${query(filter)}`),
      get: (challengeId: string) => client.get<Challenge>(`/api/challenges/${id(challengeId)}`),
      accept: (challengeId: string, bot: BotChoice) =>
        client.post<Challenge>(`/api/challenges/${id(challengeId)}/accept`, { bot }),
      decline: (challengeId: string) => client.post<Challenge>(`/api/challenges/${id(challengeId)}/decline`),
    },
    rooms: {
      list: () => client.get<{ items: Room[] }>('/api/rooms'),
      get: (roomId: string) => client.get<Room>(`/api/rooms/${id(roomId)}`),
      create: (input: NewRoom) => client.post<Room>('/api/rooms', input),
      join: (roomId: string, bot: BotChoice, code?: string) =>
        client.post<Room>(`/api/rooms/${id(roomId)}/join`, code ? { bot, code } : { bot }),
      leave: (roomId: string) => client.post<Room>(`/api/rooms/${id(roomId)}/leave`),
      ready: (roomId: string, ready: boolean) =>
        client.post<Room>(`/api/rooms/${id(roomId)}/ready`, { ready }),
    },
    queue: {
      status: () => client.get<QueueStatus>('/api/matchmaking/queue'),
      join: (bot: BotChoice) => client.post<QueueStatus>('/api/matchmaking/queue', { bot }),
      leave: () => client.request<QueueStatus>('DELETE', '/api/matchmaking/queue'),
    },
  };
}

export type CompetitionApi = ReturnType<typeof createCompetitionApi>;
