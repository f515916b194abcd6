import { describe, expect, it } from 'vitest';
import { applyUserChange, type KnownUser } from '../../src/domain/known-user.js';

const id = '0b6f3c1e-6c1a-4d8e-9f51-3f4f8f0d2a11';
const t = (minute: number) => new Date(Date.UTC(2026, 10, 23, 10, minute));
const created = (at: Date) => ({
  id,
  login: 'alice',
  at,
  profile: { displayName: 'Alice', active: true },
  roles: ['worker', 'player'],
});

describe('the projection of users kept by auth', () => {
  it('when a user is created, then the projection holds the profile and roles', () => {
    expect(applyUserChange(undefined, created(t(0)))).toMatchObject({
      login: 'alice',
      displayName: 'Alice',
      roles: ['worker', 'player'],
      active: true,
    });
  });

  it('when the same change is applied twice, then the second is a no-op', () => {
    const once = applyUserChange(undefined, created(t(0)));
    expect(applyUserChange(once, created(t(0)))).toBeUndefined();
  });

  it('when roles changed before the creation event arrives, then the newer roles survive', () => {
    const rolesFirst = applyUserChange(undefined, { id, login: 'alice', at: t(5), roles: ['admin'] });
    const after = applyUserChange(rolesFirst, created(t(0))) as KnownUser;
    expect(after.roles).toEqual(['admin']);
    expect(after.displayName).toBe('Alice');
  });

  it('when a deactivation is followed by an older update, then the account stays deactivated', () => {
    const base = applyUserChange(undefined, created(t(0)));
    const off = applyUserChange(base, {
      id,
      login: 'alice',
      at: t(9),
      profile: { active: false },
    }) as KnownUser;
    expect(off.displayName).toBe('Alice');
    expect(
      applyUserChange(off, { id, login: 'alice', at: t(3), profile: { displayName: 'A', active: true } }),
    ).toBeUndefined();
    expect(off.active).toBe(false);
  });
});
