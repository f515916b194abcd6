import { withTransaction, type Bus } from '@garrison/kit';
import { reminderPlan } from '../domain/reminders.js';
import type { Deps } from './deps.js';
import { jobId } from './job-id.js';
import type { Tx } from './ports.js';

export const REMIND_JOB = 'remind-battle';

export interface Reminder {
  tournamentId: string;
  title: string;
  battleId: string;
  userId: string;
  startsAt: string;
  minutesBefore: number;
}

/** Publishes one reminder, at most once per (battle, player, minutes). */
async function publishReminder(tx: Tx, bus: Bus, r: Reminder): Promise<void> {
  const fresh = await tx
    .insertInto('reminders_sent')
    .values({ battle_id: r.battleId, user_id: r.userId, minutes_before: r.minutesBefore })
    .onConflict((oc) => oc.doNothing())
    .returning('battle_id')
    .executeTakeFirst();
  if (!fresh) return;
  await bus.publish(tx, { type: 'tournament.battle-starting-soon', version: 1, data: r });
}

/**
 * Called in the transaction that records a battle's id: reminders whose time has come go out with
 * it (the outbox), later ones are scheduled as one-off jobs named by battle, player and minutes. A job
 * scheduled by a transaction that then rolls back finds no such battle and does nothing.
 */
export async function planReminders(
  tx: Tx,
  deps: Deps,
  battle: { tournamentId: string; title: string; battleId: string; userIds: string[]; startsAt: Date },
): Promise<void> {
  const plan = reminderPlan(battle.startsAt, new Date());
  for (const userId of battle.userIds) {
    const base = {
      tournamentId: battle.tournamentId,
      title: battle.title,
      battleId: battle.battleId,
      userId,
      startsAt: battle.startsAt.toISOString(),
    };
    if (plan.now !== null) await publishReminder(tx, deps.bus, { ...base, minutesBefore: plan.now });
    for (const { minutesBefore, at } of plan.later) {
      try {
        await deps.scheduler.runAt(
          REMIND_JOB,
          at,
          { ...base, minutesBefore },
          { id: jobId('remind', battle.battleId, userId, String(minutesBefore)) },
        );
      } catch (err) {
        // a reminder is a courtesy: it must not stop the battle from being scheduled
        deps.log.warn({ err, battleId: battle.battleId, userId }, 'could not schedule a reminder');
      }
    }
  }
}

/** The `remind-battle` job: reminds only while the battle has not started, finished or been cancelled. */
export async function sendScheduledReminder(deps: Deps, r: Reminder): Promise<void> {
  await withTransaction(deps.db, async (tx) => {
    const match = await tx
      .selectFrom('matches')
      .select('status')
      .where('battle_id', '=', r.battleId)
      .executeTakeFirst();
    if (match?.status === 'scheduled') await publishReminder(tx, deps.bus, r);
  });
}
