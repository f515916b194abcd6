/** Failures a caller can act on; HTTP and gRPC entry points translate the code. */
export type BattleErrorCode =
  'invalid' | 'not-eligible' | 'not-found' | 'forbidden' | 'not-implemented' | 'conflict' | 'too-many';

export class BattleError extends Error {
  override readonly name = 'BattleError';
  constructor(
    readonly code: BattleErrorCode,
    readonly title: string,
    message: string,
    /** For 'too-many': when the caller may try again (the Retry-After header). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export const HTTP_STATUS: Record<BattleErrorCode, number> = {
  invalid: 400,
  'not-eligible': 422,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-many': 429,
  'not-implemented': 501,
};
