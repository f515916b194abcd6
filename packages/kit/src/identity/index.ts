export {
  createAccessTokenVerifier,
  KeysUnavailableError,
  type AccessTokenVerifier,
  type AccessTokenVerifierOptions,
  type TokenCheck,
  type TokenIdentity,
} from './access-tokens.js';
export {
  RevocationList,
  startRevocationPoller,
  type Revocation,
  type RevocationFeedPage,
} from './revocations.js';
export { bearerTokenOf, IdentityGuard, installIdentityGuard, verifiedTokenOf } from './guard.js';
