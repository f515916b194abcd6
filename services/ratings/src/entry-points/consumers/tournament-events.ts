import { onEvent, type ServiceContext, type Transaction } from '@garrison/kit';
import type { config } from '../../config.js';
import type { Database } from '../../database.js';
import { recordTournament, type FinishedTournament } from '../../app/record-tournament.js';

/** Final places and points of finished tournaments: the rating points ledger. */
export const tournamentEvents = (ctx: ServiceContext<Database, typeof config>) => [
  onEvent<FinishedTournament, Transaction<Database>>({
    producer: 'tournaments',
    type: 'tournament.finished',
    versions: [1],
    handle: async (event, tx) => {
      await recordTournament(tx, ctx.bus, event.data, ctx.config.pointsWindowMonths);
    },
  }),
];
