// Shapes of the competition endpoints (SPEC 3.4–3.6): tournaments and series, ratings, and
// matchmaking (challenges, rooms, auto-search). The services' TypeBox schemas are the contract.

/** A hosted bot version, or the player's local Agent. */
export type BotChoice = { botVersionId: string } | { local: true };

export type TournamentFormat = 'round-robin' | 'single-elimination' | 'swiss';
export type TournamentStatus = 'upcoming' | 'running' | 'finished' | 'cancelled';
export type Visibility = 'public' | 'invite-only';

export interface TournamentRules {
  mode: string;
  rounds?: number;
  /** Game rules version; absent = 1. */
  version?: number;
}

export interface TournamentSummary {
  id: string;
  title: string;
  description: string;
  organizerId: string;
  format: TournamentFormat | string;
  swissRounds: number | null;
  rules: TournamentRules;
  capacity: number;
  visibility: Visibility;
  startsAt: string;
  registrationClosesAt: string;
  status: TournamentStatus;
  seriesId: string | null;
  rating: number | null;
  weight: number | null;
  cancelReason: string | null;
  /** Battles shown live to spectators, each result revealed when its broadcast ends. */
  broadcast?: boolean;
}

export type MatchStatus = 'pending' | 'scheduled' | 'running' | 'finished' | 'cancelled';

export interface MatchSeat {
  userId: string;
  place: number | null;
  score: number | null;
  forfeited: boolean;
}

export interface TournamentMatch {
  battleId: string | null;
  status: MatchStatus | string;
  participants: MatchSeat[];
}

export interface TournamentRound {
  number: number;
  byes: string[];
  battles: TournamentMatch[];
}

export interface TournamentParticipant {
  userId: string;
  bot: BotChoice;
  place: number | null;
  points: number | null;
}

export interface Tournament extends TournamentSummary {
  participants: TournamentParticipant[];
  rounds: TournamentRound[];
}

export interface NewTournamentSettings {
  title: string;
  description: string;
  format: TournamentFormat;
  swissRounds?: number | null;
  rules: { mode: 'duel'; rounds?: number; version?: number };
  capacity: number;
  visibility: Visibility;
}

export interface NewTournament extends NewTournamentSettings {
  startsAt: string;
  registrationClosesAt?: string;
  broadcast?: boolean;
}

export type ApplicationStatus = 'pending' | 'accepted' | 'rejected' | 'waitlisted';

export interface Application {
  id: string;
  tournamentId: string;
  userId: string;
  bot: BotChoice;
  status: ApplicationStatus;
  reason: string | null;
  createdAt: string;
}

export interface Invitation {
  tournamentId: string;
  userId: string;
  invitedAt: string;
}

export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface SeriesSchedule {
  every: 'day' | 'week';
  weekday?: Weekday;
  /** Local time "HH:MM" in `timezone`. */
  at: string;
  timezone: string;
}

export interface NewSeries extends NewTournamentSettings {
  schedule: SeriesSchedule;
}

export interface Series extends Omit<NewSeries, 'swissRounds' | 'rules'> {
  id: string;
  organizerId: string;
  swissRounds: number | null;
  rules: TournamentRules;
  rating: number;
  editions: TournamentSummary[];
}

// --- ratings ---

export interface RatingFigures {
  userId: string;
  rating: number;
  rd: number;
  conservative: number;
  points: number;
  battles: number;
}

export interface LeaderboardEntry extends RatingFigures {
  login?: string;
}

export type LeaderboardKind = 'skill' | 'points';

export interface RatingPoint {
  at: string;
  battleId: string;
  rating: number;
  rd: number;
  conservative: number;
}

export interface PlayerRating extends RatingFigures {
  volatility: number;
  history: RatingPoint[];
}

// --- matchmaking ---

export type BattleMode = 'duel' | 'ffa';

export interface MatchRules {
  mode: BattleMode;
  rounds: number;
  /** Game rules version (1 or 2). */
  version?: number;
}

export type ChallengeStatus = 'pending' | 'accepted' | 'declined' | 'expired';

export interface Challenge {
  id: string;
  challengerId: string;
  opponentId: string;
  challengerBot: BotChoice;
  opponentBot: BotChoice | null;
  rules: MatchRules;
  ranked: boolean;
  status: ChallengeStatus;
  battleId: string | null;
  createdAt: string;
  expiresAt: string;
  decidedAt: string | null;
}

export interface NewChallenge {
  opponentId: string;
  bot: BotChoice;
  rules?: { mode?: BattleMode; rounds?: number; version?: number };
  ranked: boolean;
}

export interface RoomMember {
  userId: string;
  bot: BotChoice;
  ready: boolean;
  joinedAt: string;
}

export interface Room {
  id: string;
  name: string;
  ownerId: string;
  private: boolean;
  joinCode?: string;
  capacity: number;
  rules: MatchRules;
  status: 'open' | 'started' | 'closed';
  battleId: string | null;
  members: RoomMember[];
  createdAt: string;
  updatedAt: string;
}

export interface NewRoom {
  name: string;
  private: boolean;
  capacity: number;
  rules?: { mode?: BattleMode; rounds?: number; version?: number };
  bot?: BotChoice;
}

export type QueueStatus =
  | { status: 'idle' }
  | { status: 'searching'; bot: BotChoice; since: string; rating: number; window: number }
  | { status: 'matched'; matchId: string; opponentId: string; battleId: string | null; matchedAt: string }
  | { status: 'refused'; matchId: string; reason: string };
