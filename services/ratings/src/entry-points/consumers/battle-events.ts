import { onEvent, type ServiceContext, type Transaction } from '@garrison/kit';
import type { Database } from '../../database.js';
import { rateFinishedBattle, type FinishedBattle } from '../../app/rate-battle.js';

/** Ranked battle results from battles; the kit's inbox drops redeliveries of the same event. */
export const battleEvents = (ctx: ServiceContext<Database>) => [
  onEvent<FinishedBattle, Transaction<Database>>({
    producer: 'battles',
    type: 'battle.finished',
    versions: [1],
    // battles of different players are rated side by side; shared players serialise on row locks
    concurrency: 4,
    handle: async (event, tx) => {
      const outcome = await rateFinishedBattle(tx, ctx.bus, event.data);
      ctx.log.debug({ battleId: event.data.battleId, outcome }, 'battle.finished handled');
    },
  }),
];
