import { describe, expect, it } from 'vitest';
import {
  hashRefreshToken,
  judgeRefresh,
  newRefreshToken,
  type StoredRefreshToken,
} from '../../src/domain/refresh-tokens.js';

const now = new Date('2026-11-23T10:00:00Z');
const live: StoredRefreshToken = {
  familyId: 'f1',
  userId: 'u1',
  expiresAt: new Date('2026-12-01T00:00:00Z'),
  rotatedAt: null,
  familyRevokedAt: null,
};

describe('refresh token rotation', () => {
  it('when a live, never-used token is presented, then it rotates', () => {
    expect(judgeRefresh(live, now)).toEqual({ kind: 'rotate' });
  });

  it('when an already rotated token is presented again, then reuse is detected', () => {
    expect(judgeRefresh({ ...live, rotatedAt: new Date('2026-11-23T09:00:00Z') }, now)).toEqual({
      kind: 'reuse-detected',
    });
  });

  it('when the family was revoked, then even the newest token is rejected without another revocation', () => {
    expect(judgeRefresh({ ...live, familyRevokedAt: new Date('2026-11-23T09:30:00Z') }, now)).toEqual({
      kind: 'reject',
      reason: 'revoked',
    });
  });

  it('when the token expired or is unknown, then it is rejected', () => {
    expect(judgeRefresh({ ...live, expiresAt: now }, now)).toEqual({ kind: 'reject', reason: 'expired' });
    expect(judgeRefresh(undefined, now)).toEqual({ kind: 'reject', reason: 'unknown' });
  });

  it('when tokens are generated, then they are unique, URL-safe and stored as a different sha256 hex', () => {
    const a = newRefreshToken();
    const b = newRefreshToken();
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hashRefreshToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRefreshToken(a)).toBe(hashRefreshToken(a));
    expect(hashRefreshToken(a)).not.toBe(hashRefreshToken(b));
  });
});
