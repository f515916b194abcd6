// What Tanks players are told about tournaments, scheduled battles and their rating. Pure.
import type { NewNotification } from './notification.js';

const ordinal = (n: number) => {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
};

/** "2026-11-27 19:00 UTC": readable in a mail as well as in the inbox. */
const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

const tournamentUrl = (id: string) => `/tournaments/${id}`;

export function tournamentInvited(
  eventId: string,
  e: { tournamentId: string; userId: string; organizerId: string; title: string; startsAt: string },
): NewNotification {
  return {
    userId: e.userId,
    type: 'tournament.invited',
    title: `You are invited to ${e.title}`,
    body: `The organiser invited you to the tournament "${e.title}" starting ${when(e.startsAt)}. Apply with a bot and you are in at once.`,
    data: {
      tournamentId: e.tournamentId,
      organizerId: e.organizerId,
      startsAt: e.startsAt,
      tournamentUrl: tournamentUrl(e.tournamentId),
    },
    sourceEventId: eventId,
  };
}

type ApplicationStatus = 'pending' | 'accepted' | 'rejected' | 'waitlisted';

const decisionText: Record<ApplicationStatus, string> = {
  accepted: 'was accepted',
  rejected: 'was rejected',
  waitlisted: 'is on the waitlist',
  pending: 'is waiting for the organiser again',
};

export function applicationDecided(
  eventId: string,
  e: {
    tournamentId: string;
    applicationId: string;
    userId: string;
    status: ApplicationStatus;
    reason: string | null;
    title: string;
  },
): NewNotification {
  const outcome = decisionText[e.status];
  const next =
    e.status === 'accepted'
      ? ' See you at the start.'
      : e.status === 'waitlisted'
        ? ' You move up when a place frees.'
        : '';
  return {
    userId: e.userId,
    type: 'tournament.application-decided',
    title: `Your application to ${e.title} ${outcome}`,
    body: `Your application to "${e.title}" ${outcome}${e.reason ? `: ${e.reason}` : '.'}${next}`,
    data: {
      tournamentId: e.tournamentId,
      applicationId: e.applicationId,
      status: e.status,
      reason: e.reason,
      tournamentUrl: tournamentUrl(e.tournamentId),
    },
    sourceEventId: eventId,
  };
}

export function tournamentStarted(
  eventId: string,
  e: {
    tournamentId: string;
    title: string;
    format: string;
    participants: { userId: string; seed: number }[];
  },
): NewNotification[] {
  const of = e.participants.length;
  return e.participants.map((p) => ({
    userId: p.userId,
    type: 'tournament.started',
    title: `${e.title} has started`,
    body: `The ${e.format} tournament "${e.title}" has started with ${of} entrants; you are seed ${p.seed}. You will be told before each of your battles.`,
    data: {
      tournamentId: e.tournamentId,
      format: e.format,
      seed: p.seed,
      participants: of,
      tournamentUrl: tournamentUrl(e.tournamentId),
    },
    sourceEventId: eventId,
  }));
}

export function tournamentFinished(
  eventId: string,
  e: {
    tournamentId: string;
    title: string;
    participants: { userId: string; place: number; points: number }[];
  },
): NewNotification[] {
  const of = e.participants.length;
  return e.participants.map((p) => {
    const shared = e.participants.filter((o) => o.place === p.place).length > 1;
    const place = `${shared ? 'shared ' : ''}${ordinal(p.place)}`;
    return {
      userId: p.userId,
      type: 'tournament.finished',
      title:
        p.place === 1 && !shared
          ? `${e.title} finished: you won`
          : `${e.title} finished: you placed ${place}`,
      body: `"${e.title}" is over: ${place} place of ${of}, ${p.points} rating point${p.points === 1 ? '' : 's'} earned.`,
      data: {
        tournamentId: e.tournamentId,
        place: p.place,
        shared,
        points: p.points,
        participants: of,
        tournamentUrl: tournamentUrl(e.tournamentId),
      },
      sourceEventId: eventId,
    };
  });
}

export function tournamentCancelled(
  eventId: string,
  e: { tournamentId: string; title: string; reason: string; userIds: string[] },
): NewNotification[] {
  return [...new Set(e.userIds)].map((userId) => ({
    userId,
    type: 'tournament.cancelled',
    title: `${e.title} was cancelled`,
    body: `The tournament "${e.title}" will not be played${e.reason ? `: ${e.reason}` : ''}.`,
    data: { tournamentId: e.tournamentId, reason: e.reason, tournamentUrl: tournamentUrl(e.tournamentId) },
    sourceEventId: eventId,
  }));
}

export function battleStartingSoon(
  eventId: string,
  e: {
    tournamentId: string;
    battleId: string;
    userId: string;
    startsAt: string;
    minutesBefore: number;
    title?: string;
  },
): NewNotification {
  const inWhat = e.title ? ` in ${e.title}` : '';
  const soon =
    e.minutesBefore <= 0 ? 'now' : `in ${e.minutesBefore} minute${e.minutesBefore === 1 ? '' : 's'}`;
  return {
    userId: e.userId,
    type: 'battle.starting-soon',
    title: `Your battle${inWhat} starts ${soon}`,
    body: `Your tournament battle${inWhat} starts at ${when(e.startsAt)}. A local Agent bot must be online by then.`,
    data: {
      tournamentId: e.tournamentId,
      battleId: e.battleId,
      startsAt: e.startsAt,
      minutesBefore: e.minutesBefore,
      battleUrl: `/battles/${e.battleId}`,
      tournamentUrl: tournamentUrl(e.tournamentId),
    },
    sourceEventId: eventId,
  };
}

const round = (x: number) => Math.round(x);

export function ratingChanged(
  eventId: string,
  e: {
    userId: string;
    rating: number;
    rd: number;
    conservative: number;
    points: number;
    reason: 'battle' | 'tournament' | 'points-expired';
    battleId?: string;
    tournamentId?: string;
  },
): NewNotification {
  const shown = Math.max(0, round(e.conservative));
  const title =
    e.reason === 'battle'
      ? `Your rating is now ${shown}`
      : e.reason === 'tournament'
        ? `Rating points: you now have ${e.points}`
        : `Some rating points expired: you have ${e.points}`;
  const body =
    e.reason === 'battle'
      ? `After a ranked battle your skill rating is ${round(e.rating)} ± ${round(2 * e.rd)}; leaderboards show ${shown}.`
      : e.reason === 'tournament'
        ? `A tournament awarded you rating points: ${e.points} over the last 12 months.`
        : `Tournament points older than 12 months no longer count: ${e.points} left.`;
  return {
    userId: e.userId,
    type: 'rating.changed',
    title,
    body,
    data: {
      reason: e.reason,
      rating: e.rating,
      rd: e.rd,
      conservative: e.conservative,
      points: e.points,
      ...(e.battleId ? { battleId: e.battleId } : {}),
      ...(e.tournamentId ? { tournamentId: e.tournamentId } : {}),
      ratingUrl: `/ratings/${e.userId}`,
    },
    sourceEventId: eventId,
  };
}
