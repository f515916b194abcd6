import { decodeCursor, encodeCursor } from '../../domain/cursor.js';
import type { User } from '../../domain/user.js';
import type { UsersDeps } from '../ports.js';

export interface ListUsersInput {
  query?: string;
  limit: number;
  cursor?: string;
  /** Admins also see deactivated accounts. */
  includeInactive: boolean;
}

export interface UsersPage {
  items: User[];
  nextCursor: string | null;
}

export async function listUsers(deps: UsersDeps, input: ListUsersInput): Promise<UsersPage> {
  const afterLogin = input.cursor ? decodeCursor(input.cursor) : undefined;
  const query = input.query?.trim() || undefined;
  // One extra row tells whether another page exists without a COUNT.
  const rows = await deps.users.list({
    query,
    afterLogin,
    includeInactive: input.includeInactive,
    limit: input.limit + 1,
  });
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > input.limit && last ? encodeCursor(last.login) : null };
}
