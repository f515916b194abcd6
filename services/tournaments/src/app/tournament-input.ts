import { problem } from '@garrison/kit';
import { FORMAT_NAMES } from '../domain/formats/index.js';
import type { Rules, Visibility } from '../database.js';

/** What an organiser decides about a tournament (a series decides the same for every edition). */
export interface TournamentSettings {
  title: string;
  description: string;
  format: string;
  swissRounds: number | null;
  rules: Rules;
  capacity: number;
  visibility: Visibility;
}

export interface TournamentInput extends TournamentSettings {
  startsAt: Date;
  registrationClosesAt: Date;
  /** Watchable live (SPEC 3.5, ADR 240); false when left out (series editions). */
  broadcast?: boolean;
}

/** Rules the schema cannot say; every problem is listed at once. */
export function settingsProblems(s: TournamentSettings, maxCapacity: number): string[] {
  const problems: string[] = [];
  if (!FORMAT_NAMES.includes(s.format as never))
    problems.push(`format must be one of ${FORMAT_NAMES.join(', ')}`);
  if (s.swissRounds !== null && s.format !== 'swiss')
    problems.push('swissRounds is only for the swiss format');
  if (s.capacity > maxCapacity) problems.push(`capacity must be at most ${maxCapacity}`);
  if (s.rules.mode !== 'duel') problems.push('rules.mode must be "duel": tournament formats pair entrants');
  return problems;
}

export function checkTournament(input: TournamentInput, now: Date, maxCapacity: number): void {
  const problems = settingsProblems(input, maxCapacity);
  if (input.startsAt.getTime() <= now.getTime()) problems.push('startsAt must be in the future');
  if (input.registrationClosesAt.getTime() > input.startsAt.getTime())
    problems.push('registrationClosesAt must not be after startsAt');
  if (problems.length > 0) throw problem(422, 'Invalid tournament', problems.join('; '), { problems });
}
