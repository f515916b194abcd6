import type { RatingCopy } from '../domain/rating-copy.js';
import type { Role } from '../domain/roles.js';
import type { User } from '../domain/user.js';
import type { UserEvent } from './events.js';

export interface ListFilter {
  /** Case-insensitive substring of login or display name. */
  query?: string;
  /** Only logins strictly after this one (keyset pagination). */
  afterLogin?: string;
  includeInactive: boolean;
  limit: number;
}

export interface UsersReader {
  byId(id: string): Promise<User | undefined>;
  byLogin(login: string): Promise<User | undefined>;
  byIds(ids: readonly string[]): Promise<User[]>;
  /** Ordered by login. */
  list(filter: ListFilter): Promise<User[]>;
}

export interface UsersWriter extends UsersReader {
  /** Returns false (and stores nothing) when the login is taken. */
  insert(user: User): Promise<boolean>;
  /** Reads the user and locks the row until the transaction ends. */
  lockById(id: string): Promise<User | undefined>;
  save(user: User): Promise<void>;
}

export interface EventOutbox {
  publish(event: UserEvent): Promise<void>;
}

/** A unit of work: the state change and its events commit together or not at all. */
export interface Transactions {
  run<T>(work: (users: UsersWriter, events: EventOutbox) => Promise<T>): Promise<T>;
}

/** The copies of players' ratings kept from ratings' events, for profiles. */
export interface RatingCopies {
  ofUser(userId: string): Promise<RatingCopy | undefined>;
}

export interface UsersDeps {
  users: UsersReader;
  /** Absent where no rating copies are kept (unit tests): profiles then show no rating. */
  ratings?: RatingCopies;
  transactions: Transactions;
  defaultRoles: Role[];
  newId: () => string;
  now: () => Date;
}
