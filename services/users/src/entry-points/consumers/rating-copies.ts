import { onEvent, type Transaction } from '@garrison/kit';
import type { UsersDatabase } from '../../adapters/database.js';
import { applyRatingChanged, type RatingChangedFacts } from '../../adapters/postgres-rating-copies.js';

/**
 * Profiles show the player's rating from ratings' own events. The queue is durable: changes made
 * while users was down wait on the bus and are applied when it is back; the kit's inbox drops
 * redeliveries and the seq check drops overtaken changes.
 */
export const ratingCopies = [
  onEvent<RatingChangedFacts, Transaction<UsersDatabase>>({
    producer: 'ratings',
    type: 'rating.changed',
    versions: [1],
    handle: (event, tx) => applyRatingChanged(tx, event.data),
  }),
];
