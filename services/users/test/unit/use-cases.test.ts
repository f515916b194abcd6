import { describe, expect, it } from 'vitest';
import { changeRoles } from '../../src/app/commands/change-roles.js';
import { createUser } from '../../src/app/commands/create-user.js';
import { deactivateUser, editUser } from '../../src/app/commands/edit-user.js';
import { updateUser } from '../../src/app/commands/update-user.js';
import { listUsers } from '../../src/app/queries/list-users.js';
import { inMemoryDeps } from './in-memory-users.js';

const ADMIN_ID = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';

describe('createUser', () => {
  it('when no roles are asked for, then the default roles are given and user.created is published', async () => {
    const { deps, published } = inMemoryDeps();
    const user = await createUser(deps, { login: 'Alice', displayName: ' Alice ' });
    expect(user).toMatchObject({
      login: 'alice',
      displayName: 'Alice',
      roles: ['worker', 'player'],
      active: true,
    });
    expect(published).toEqual([
      {
        type: 'user.created',
        data: { ...user, createdAt: '2026-11-23T10:00:00.000Z', active: true },
      },
    ]);
  });

  it('when the login is taken, then it fails and nothing more is stored or published', async () => {
    const { deps, store, published } = inMemoryDeps();
    await createUser(deps, { login: 'alice', displayName: 'A' });
    await expect(createUser(deps, { login: 'ALICE', displayName: 'B' })).rejects.toMatchObject({
      code: 'login-taken',
    });
    expect(store.rows.size).toBe(1);
    expect(published).toHaveLength(1);
  });

  it('when a role is unknown, then it fails naming the role and stores nothing', async () => {
    const { deps, store } = inMemoryDeps();
    await expect(
      createUser(deps, { login: 'bob', displayName: 'Bob', roles: ['player', 'root'] }),
    ).rejects.toThrow(/"root"/);
    expect(store.rows.size).toBe(0);
  });
});

describe('changeRoles', () => {
  it('when an admin changes roles, then user.roles-changed carries the new and previous roles', async () => {
    const { deps, published } = inMemoryDeps();
    const user = await createUser(deps, { login: 'carol', displayName: 'Carol' });
    const changed = await changeRoles(deps, ADMIN_ID, user.id, ['manager', 'player']);
    expect(changed.roles).toEqual(['manager', 'player']);
    expect(published.at(-1)).toEqual({
      type: 'user.roles-changed',
      data: {
        id: user.id,
        login: 'carol',
        roles: ['manager', 'player'],
        previousRoles: ['worker', 'player'],
      },
    });
  });

  it('when the roles do not change, then no event is published', async () => {
    const { deps, published } = inMemoryDeps();
    const user = await createUser(deps, { login: 'dave', displayName: 'Dave' });
    await changeRoles(deps, ADMIN_ID, user.id, ['player', 'worker']);
    expect(published).toHaveLength(1);
  });

  it('when a role is unknown, then the stored roles stay as they were', async () => {
    const { deps, store } = inMemoryDeps();
    const user = await createUser(deps, { login: 'erin', displayName: 'Erin' });
    await expect(changeRoles(deps, ADMIN_ID, user.id, ['superuser'])).rejects.toMatchObject({
      field: 'roles',
    });
    expect(store.rows.get(user.id)?.roles).toEqual(['worker', 'player']);
  });

  it('when the user does not exist, then it fails with not-found', async () => {
    const { deps } = inMemoryDeps();
    await expect(
      changeRoles(deps, ADMIN_ID, '99999999-9999-4999-8999-999999999999', ['player']),
    ).rejects.toMatchObject({
      code: 'not-found',
    });
  });
});

describe('updateUser and deactivateUser', () => {
  it('when the display name changes, then user.updated is published', async () => {
    const { deps, published } = inMemoryDeps();
    const user = await createUser(deps, { login: 'fred', displayName: 'Fred' });
    await updateUser(deps, user.id, { displayName: 'Frederick' });
    expect(published.at(-1)).toEqual({
      type: 'user.updated',
      data: { id: user.id, login: 'fred', displayName: 'Frederick', active: true },
    });
  });

  it('when a user is deactivated and reactivated, then user.deactivated and then user.updated (active) are published', async () => {
    const { deps, published } = inMemoryDeps();
    const user = await createUser(deps, { login: 'hank', displayName: 'Hank' });
    await deactivateUser(deps, ADMIN_ID, user.id);
    await editUser(deps, ADMIN_ID, user.id, { active: true });
    expect(published.map((e) => e.type)).toEqual(['user.created', 'user.deactivated', 'user.updated']);
    expect(published.at(-1)?.data).toMatchObject({ active: true });
  });

  it('when an admin deactivates their own account, then it is refused and stays active', async () => {
    const { deps } = inMemoryDeps();
    const self = await createUser(deps, { login: 'ivy', displayName: 'Ivy', roles: ['admin'] });
    await expect(editUser(deps, self.id, self.id, { active: false })).rejects.toMatchObject({
      code: 'forbidden-self-change',
    });
    expect((await deps.users.byId(self.id))?.active).toBe(true);
  });

  it('when a user is deactivated twice, then user.deactivated is published once', async () => {
    const { deps, published } = inMemoryDeps();
    const user = await createUser(deps, { login: 'gina', displayName: 'Gina' });
    await deactivateUser(deps, ADMIN_ID, user.id);
    await deactivateUser(deps, ADMIN_ID, user.id);
    expect(published.filter((e) => e.type === 'user.deactivated')).toHaveLength(1);
    expect((await deps.users.byId(user.id))?.active).toBe(false);
  });
});

describe('listUsers', () => {
  it('when pages are followed by cursor, then every active user is seen once in login order', async () => {
    const { deps } = inMemoryDeps();
    for (const login of ['eve', 'bob', 'dan', 'amy', 'cat'])
      await createUser(deps, { login, displayName: login });
    const hidden = await createUser(deps, { login: 'zed', displayName: 'zed' });
    await deactivateUser(deps, ADMIN_ID, hidden.id);

    const first = await listUsers(deps, { limit: 2, includeInactive: false });
    const second = await listUsers(deps, {
      limit: 2,
      includeInactive: false,
      cursor: first.nextCursor ?? '',
    });
    const third = await listUsers(deps, {
      limit: 2,
      includeInactive: false,
      cursor: second.nextCursor ?? '',
    });
    expect([first, second, third].flatMap((p) => p.items.map((u) => u.login))).toEqual([
      'amy',
      'bob',
      'cat',
      'dan',
      'eve',
    ]);
    expect(third.nextCursor).toBeNull();
  });
});
