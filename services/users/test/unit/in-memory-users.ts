import type { UserEvent } from '../../src/app/events.js';
import type { ListFilter, Transactions, UsersDeps, UsersWriter } from '../../src/app/ports.js';
import type { User } from '../../src/domain/user.js';

// A pure in-memory stand-in for the Postgres adapter, so use-case rules are tested without I/O.
// A transaction works on a copy and commits it (and its events) only when the work succeeds.
export class InMemoryUsers implements UsersWriter {
  constructor(public rows = new Map<string, User>()) {}

  async byId(id: string) {
    return this.rows.get(id);
  }
  async byLogin(login: string) {
    return [...this.rows.values()].find((u) => u.login === login);
  }
  async byIds(ids: readonly string[]) {
    return ids.flatMap((id) => this.rows.get(id) ?? []);
  }
  async list(filter: ListFilter) {
    const q = filter.query?.toLowerCase();
    return [...this.rows.values()]
      .filter((u) => filter.includeInactive || u.active)
      .filter((u) => filter.afterLogin === undefined || u.login > filter.afterLogin)
      .filter((u) => !q || u.login.includes(q) || u.displayName.toLowerCase().includes(q))
      .sort((a, b) => (a.login < b.login ? -1 : 1))
      .slice(0, filter.limit);
  }
  async insert(user: User) {
    if (await this.byLogin(user.login)) return false;
    this.rows.set(user.id, user);
    return true;
  }
  async lockById(id: string) {
    return this.rows.get(id);
  }
  async save(user: User) {
    this.rows.set(user.id, user);
  }
}

export function inMemoryDeps() {
  const store = new InMemoryUsers();
  const published: UserEvent[] = [];
  let seq = 0;
  const transactions: Transactions = {
    async run(work) {
      const draft = new InMemoryUsers(new Map(store.rows));
      const pending: UserEvent[] = [];
      const result = await work(draft, { publish: async (e) => void pending.push(e) });
      store.rows = draft.rows;
      published.push(...pending);
      return result;
    },
  };
  const deps: UsersDeps = {
    users: store,
    transactions,
    defaultRoles: ['worker', 'player'],
    newId: () => `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`,
    now: () => new Date('2026-11-23T10:00:00.000Z'),
  };
  return { deps, store, published };
}
