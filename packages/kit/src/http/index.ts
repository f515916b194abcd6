export { closeHttpApp } from './draining.js';
export {
  createHttpApp,
  DEFAULT_BODY_LIMIT,
  type HttpApp,
  type HttpAppOptions,
  type TlsOptions,
} from './app.js';
export { problem, Problem, problemDocument, type ProblemDocument, type ProblemExtra } from './problem.js';
export {
  identityOf,
  readIdentity,
  requireAuth,
  requireRole,
  identityHeadersOf,
  USER_ID_HEADER,
  USER_ROLES_HEADER,
  type Identity,
} from './identity.js';
export { currentRequestScope, runInRequestScope, type RequestScope } from './request-scope.js';
export { sendProblem } from './error-handler.js';
export { hasControlCharacter } from './control-characters.js';
export {
  closeWhenTokenExpires,
  registerWebSockets,
  tokenExpiryOf,
  TOKEN_EXPIRES_HEADER,
  WS_CLOSE,
  WS_MAX_PAYLOAD,
} from './websockets.js';
