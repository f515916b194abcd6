import { problem } from '@garrison/kit';
import { BattleError, HTTP_STATUS } from '../../domain/errors.js';

/** The part of a Fastify reply needed here. */
interface HeaderSetter {
  header(name: string, value: string): unknown;
}

/**
 * Runs a use case and turns a BattleError into the matching problem+json answer; a 429 also says
 * when to try again (Retry-After) when the reply is given.
 */
export async function answer<T>(work: () => Promise<T>, reply?: HeaderSetter): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof BattleError)) throw err;
    const retryAfter = err.retryAfterSeconds;
    if (retryAfter !== undefined) reply?.header('retry-after', String(retryAfter));
    throw problem(
      HTTP_STATUS[err.code],
      err.title,
      err.message,
      retryAfter === undefined ? undefined : { retryAfterSeconds: retryAfter },
    );
  }
}
