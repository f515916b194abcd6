import { formatScore } from '../src/format/score';
import { initials } from '../src/format/initials';
import { describe, expect, it } from 'vitest';
import { tokenExpiresAt } from '../src/api/tokens';
import { timeAgo } from '../src/format/time';
import { pathFromHash } from '../src/router/path';
import { sameRoles, toggleRole } from '../src/session/role-set';
import { fakeJwt } from './helpers';

describe('pathFromHash', () => {
  it('when the hash is empty or a bare slash, then the path is home', () => {
    expect(pathFromHash('')).toBe('/');
    expect(pathFromHash('#')).toBe('/');
    expect(pathFromHash('#/')).toBe('/');
  });

  it('when the hash has a query or a trailing slash, then only the clean path is kept', () => {
    expect(pathFromHash('#/admin/users/?q=x')).toBe('/admin/users');
    expect(pathFromHash('#profile')).toBe('/profile');
  });
});

describe('tokenExpiresAt', () => {
  it('when a JWT carries exp, then its time in milliseconds is returned', () => {
    expect(tokenExpiresAt(fakeJwt({ exp: 1_700_000_000 }))).toBe(1_700_000_000_000);
  });

  it('when the token is not a JWT, then null is returned instead of throwing', () => {
    expect(tokenExpiresAt('opaque')).toBeNull();
    expect(tokenExpiresAt('a.%%%.c')).toBeNull();
    expect(tokenExpiresAt(fakeJwt({ sub: 'x' }))).toBeNull();
  });
});

describe('timeAgo', () => {
  const now = Date.parse('2026-01-10T12:00:00Z');
  it('when a time is recent, then it reads in words; when it is old, then as a date', () => {
    expect(timeAgo('2026-01-10T11:59:50Z', now)).toBe('just now');
    expect(timeAgo('2026-01-10T11:55:00Z', now)).toBe('5 min ago');
    expect(timeAgo('2026-01-10T09:00:00Z', now)).toBe('3 h ago');
    expect(timeAgo('2026-01-09T12:00:00Z', now)).toBe('1 day ago');
    expect(timeAgo('2025-12-01T12:00:00Z', now)).toBe('2025-12-01');
    expect(timeAgo('garbage', now)).toBe('');
  });
});

describe('toggleRole', () => {
  it('when a role is toggled, then it is added or removed and the list keeps the canonical order', () => {
    expect(toggleRole(['worker', 'player'], 'admin')).toEqual(['admin', 'worker', 'player']);
    expect(toggleRole(['admin', 'worker', 'player'], 'worker')).toEqual(['admin', 'player']);
  });

  it('when two role lists hold the same roles in another order, then they are the same', () => {
    expect(sameRoles(['player', 'worker'], ['worker', 'player'])).toBe(true);
    expect(sameRoles(['player'], ['worker'])).toBe(false);
    expect(sameRoles(['player'], ['player', 'worker'])).toBe(false);
  });
});

describe('battle scores', () => {
  it('when a score is a float sum, then it is shown as whole points the same way everywhere', () => {
    expect(formatScore(499.1999999999998)).toBe('499');
    expect(formatScore(1234.6)).toBe('1,235');
    expect(formatScore(0)).toBe('0');
    expect(formatScore(null)).toBe('—');
    expect(formatScore(Number.NaN)).toBe('—');
  });
});

describe('avatar initials', () => {
  it('when a name has a bracketed note or signs, then only its words give the initials', () => {
    expect(initials('Alice (demo)')).toBe('AL');
    expect(initials('Ada Lovelace')).toBe('AL');
    expect(initials('(demo) Bruno Díaz')).toBe('BD');
    expect(initials('ёжик')).toBe('ЁЖ');
    expect(initials('((')).toBe('?');
  });
});
