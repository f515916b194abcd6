import { problem } from '@garrison/kit';
import { BattleError, HTTP_STATUS } from '../../domain/errors.js';

/** Runs a use case and turns a BattleError into the matching problem+json answer. */
export async function answer<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof BattleError) throw problem(HTTP_STATUS[err.code], err.title, err.message);
    throw err;
  }
}
