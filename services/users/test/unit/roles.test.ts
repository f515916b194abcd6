import { describe, expect, it } from 'vitest';
import { parseRoles, sameRoles } from '../../src/domain/roles.js';
import { assertNotSelfDeactivation, assertNotSelfDemotion } from '../../src/domain/role-rules.js';
import { validateRoles } from '../../src/domain/user.js';

describe('roles', () => {
  it('when every role is known, then they come back deduplicated in canonical order', () => {
    expect(parseRoles(['player', 'admin', 'player'])).toEqual({ ok: true, roles: ['admin', 'player'] });
  });

  it('when some roles are unknown, then all unknown names are reported', () => {
    expect(parseRoles(['player', 'root', 'god', 'root'])).toEqual({ ok: false, unknown: ['root', 'god'] });
  });

  it('when roles are matched case-sensitively, then "Admin" is unknown', () => {
    expect(() => validateRoles(['Admin'])).toThrow(/roles: unknown role\(s\) "Admin"/);
  });

  it('when two lists hold the same roles in another order, then they are the same', () => {
    expect(sameRoles(['admin', 'player'], ['player', 'admin'])).toBe(true);
    expect(sameRoles(['admin'], ['admin', 'player'])).toBe(false);
  });
});

describe('role rules', () => {
  const me = '11111111-1111-4111-8111-111111111111';
  const other = '22222222-2222-4222-8222-222222222222';

  it('when an admin drops their own admin role, then it is refused', () => {
    expect(() => assertNotSelfDemotion(me, me, ['player'])).toThrow(/cannot remove the admin role/);
  });

  it('when an admin keeps their admin role or changes someone else, then it is allowed', () => {
    expect(() => assertNotSelfDemotion(me, me, ['admin', 'player'])).not.toThrow();
    expect(() => assertNotSelfDemotion(me, other, [])).not.toThrow();
  });

  it('when an admin deactivates their own account, then it is refused', () => {
    expect(() => assertNotSelfDeactivation(me, me)).toThrow(/cannot deactivate their own account/);
    expect(() => assertNotSelfDeactivation(me, other)).not.toThrow();
  });
});
