import type { AttemptState } from '../domain/throttle.js';
import type { KnownUser } from '../domain/known-user.js';
import type { StoredRefreshToken } from '../domain/refresh-tokens.js';

export interface Credential {
  userId: string;
  login: string;
  passwordHash: string;
}

/** Auth's own tables, used inside one transaction. */
export interface AuthStore {
  credentialByLogin(login: string): Promise<Credential | undefined>;
  credentialOf(userId: string): Promise<Credential | undefined>;
  /** Returns false (and stores nothing) when the login or user already has a credential. */
  insertCredential(credential: Credential): Promise<boolean>;
  /** Sets the user's credential, replacing its password when there is one. */
  saveCredential(credential: Credential): Promise<void>;

  knownUser(id: string): Promise<KnownUser | undefined>;
  /** Reads the projection row and locks it until the transaction ends. */
  lockKnownUser(id: string): Promise<KnownUser | undefined>;
  saveKnownUser(user: KnownUser): Promise<void>;

  /**
   * Counts one login attempt of (login, client) atomically, unless it must wait (delay or window used
   * up): the new state when counted, undefined when refused. `delays` set the wait after the n-th
   * counted attempt (domain/throttle.ts `delayAfter`).
   */
  reserveLoginAttempt(attempt: {
    login: string;
    client: string;
    now: Date;
    windowMs: number;
    maxFailures: number;
    delays: { freeFailures: number; baseDelayMs: number; maxDelayMs: number };
  }): Promise<AttemptState | undefined>;
  loginAttempt(login: string, client: string): Promise<AttemptState | undefined>;
  clearLoginAttempts(login: string, client: string): Promise<void>;

  startFamily(family: { id: string; userId: string; at: Date }): Promise<void>;
  insertRefreshToken(token: {
    hash: string;
    familyId: string;
    userId: string;
    issuedAt: Date;
    expiresAt: Date;
  }): Promise<void>;
  /** The token (with its family's revocation), locked until the transaction ends. */
  lockRefreshToken(hash: string): Promise<StoredRefreshToken | undefined>;
  markRotated(hash: string, at: Date): Promise<void>;
  revokeFamily(familyId: string, at: Date, reason: string): Promise<void>;
  revokeFamiliesOf(userId: string, at: Date, reason: string): Promise<void>;
  /** Access tokens of `userId` issued before `notBefore` stop counting (kept if a later one exists). */
  revokeAccessTokens(userId: string, notBefore: Date): Promise<void>;
  /** The revocation feed after `seq`, only entries newer than `since` (older tokens have expired). */
  revocationsAfter(
    seq: number,
    since: Date,
    limit: number,
  ): Promise<{ userId: string; notBefore: Date; seq: number }[]>;

  /** Housekeeping: removes refresh tokens expired before `at` and families left without tokens. */
  purgeRefreshTokens(expiredBefore: Date): Promise<number>;
  /** Housekeeping: throttle rows whose window started before `before` and that no longer block. */
  purgeLoginAttempts(before: Date): Promise<number>;
}

export interface Transactions {
  run<T>(work: (store: AuthStore) => Promise<T>): Promise<T>;
}

/** A profile as the users service answers it. */
export interface UserSnapshot {
  id: string;
  login: string;
  displayName: string;
  roles: string[];
  active: boolean;
  createdAt: Date;
}

export class DirectoryError extends Error {
  constructor(
    /** `unavailable`: users cannot be reached now; `failed`: users answered with an unexpected error. */
    readonly code: 'login-taken' | 'invalid' | 'unavailable' | 'failed',
    message: string,
  ) {
    super(message);
    this.name = 'DirectoryError';
  }
}

/** The users service, reached over gRPC. Failures are DirectoryErrors. */
export interface UsersDirectory {
  createUser(input: { login: string; displayName: string; roles: string[] }): Promise<UserSnapshot>;
  getUser(id: string): Promise<UserSnapshot | undefined>;
  findByLogin(login: string): Promise<UserSnapshot | undefined>;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** With no hash, spends the same time on a dummy hash and answers false (no timing oracle for logins). */
  verify(hash: string | undefined, password: string): Promise<boolean>;
}

export interface AccessTokenIssuer {
  issue(user: {
    id: string;
    login: string;
    roles: string[];
  }): Promise<{ token: string; expiresInSeconds: number }>;
}

export interface AuthPolicy {
  maxFailures: number;
  failureWindowMs: number;
  /** Attempts per (login, client) that go without delay before the waits start doubling. */
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
  refreshTokenTtlMs: number;
}

export interface AuthDeps {
  transactions: Transactions;
  directory: UsersDirectory;
  hasher: PasswordHasher;
  tokens: AccessTokenIssuer;
  policy: AuthPolicy;
  now: () => Date;
  newId: () => string;
}
