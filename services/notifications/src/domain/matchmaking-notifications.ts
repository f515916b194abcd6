// What players are told about challenges and auto-search (SPEC 2 "notifications", 3.4). Pure.
import type { NewNotification } from './notification.js';

interface RulesV1 {
  mode: 'duel' | 'ffa';
  rounds: number;
}

const battleName = (rules: RulesV1, ranked: boolean) =>
  `${ranked ? 'ranked ' : ''}${rules.mode === 'duel' ? 'duel' : 'free-for-all'} of ${rules.rounds} round${rules.rounds === 1 ? '' : 's'}`;

/** "24 h" style: how long the opponent has to answer. */
const hoursLeft = (from: string, to: string) =>
  Math.max(1, Math.round((Date.parse(to) - Date.parse(from)) / 3_600_000));

const challengeUrl = (id: string) => `/challenges/${id}`;

/** To the challenged player: someone wants to battle you. */
export function challengeReceived(
  eventId: string,
  e: {
    challengeId: string;
    challengerId: string;
    challengerName?: string | null;
    opponentId: string;
    rules: RulesV1;
    ranked: boolean;
    createdAt: string;
    expiresAt: string;
  },
): NewNotification {
  return {
    userId: e.opponentId,
    type: 'challenge.received',
    title: `${e.challengerName ?? 'A player'} challenged you to a ${battleName(e.rules, e.ranked)}`,
    body: `${e.challengerName ? `${e.challengerName} wants to battle you.` : 'Someone wants to battle you.'} Accept with one of your bots or decline within ${hoursLeft(e.createdAt, e.expiresAt)} h.`,
    data: {
      challengeId: e.challengeId,
      challengerId: e.challengerId,
      rules: e.rules,
      ranked: e.ranked,
      expiresAt: e.expiresAt,
      challengeUrl: challengeUrl(e.challengeId),
    },
    sourceEventId: eventId,
  };
}

/** To the challenger: the opponent accepted and the battle exists. */
export function challengeAccepted(
  eventId: string,
  e: {
    challengeId: string;
    challengerId: string;
    opponentId: string;
    battleId: string;
    rules: RulesV1;
    ranked: boolean;
  },
): NewNotification {
  return {
    userId: e.challengerId,
    type: 'challenge.accepted',
    title: 'Your challenge was accepted',
    body: `Your ${battleName(e.rules, e.ranked)} is on. A local Agent bot must be online to play it.`,
    data: {
      challengeId: e.challengeId,
      opponentId: e.opponentId,
      battleId: e.battleId,
      battleUrl: `/battles/${e.battleId}`,
      challengeUrl: challengeUrl(e.challengeId),
    },
    sourceEventId: eventId,
  };
}

/** To the challenger: no battle this time. */
export function challengeDeclined(
  eventId: string,
  e: { challengeId: string; challengerId: string; opponentId: string },
): NewNotification {
  return {
    userId: e.challengerId,
    type: 'challenge.declined',
    title: 'Your challenge was declined',
    body: 'The player you challenged declined. Challenge someone else or search for an opponent.',
    data: { challengeId: e.challengeId, opponentId: e.opponentId, challengeUrl: challengeUrl(e.challengeId) },
    sourceEventId: eventId,
  };
}

/** To both players: auto-search paired them and their ranked battle exists. */
export function matchFound(
  eventId: string,
  e: {
    matchId: string;
    battleId: string;
    ranked: boolean;
    rules: RulesV1;
    players: Array<{ userId: string; rating: number; opponentId: string }>;
  },
): NewNotification[] {
  return e.players.map((p) => {
    const opponent = e.players.find((o) => o.userId === p.opponentId);
    return {
      userId: p.userId,
      type: 'match.found',
      title: 'Match found',
      body:
        `Auto-search found you an opponent` +
        (opponent ? ` rated ${Math.round(opponent.rating)}` : '') +
        `: a ${battleName(e.rules, e.ranked)} is starting.`,
      data: {
        matchId: e.matchId,
        battleId: e.battleId,
        opponentId: p.opponentId,
        ...(opponent ? { opponentRating: opponent.rating } : {}),
        battleUrl: `/battles/${e.battleId}`,
      },
      sourceEventId: eventId,
    };
  });
}
