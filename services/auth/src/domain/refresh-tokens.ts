import { createHash, randomBytes } from 'node:crypto';

// Refresh tokens are opaque random strings. Only their SHA-256 is stored, so a leaked table cannot be
// replayed. Every login starts a token family; each refresh rotates the token inside its family.
// Presenting a token that was already rotated means two parties hold the family (theft or a replay):
// the whole family is revoked, the legitimate holder must log in again.

export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface StoredRefreshToken {
  familyId: string;
  userId: string;
  expiresAt: Date;
  /** Set when this token was exchanged for a newer one. */
  rotatedAt: Date | null;
  familyRevokedAt: Date | null;
}

export type RefreshVerdict =
  | { kind: 'rotate' }
  | { kind: 'reject'; reason: 'unknown' | 'revoked' | 'expired' }
  | { kind: 'reuse-detected' };

export function judgeRefresh(token: StoredRefreshToken | undefined, now: Date): RefreshVerdict {
  if (!token) return { kind: 'reject', reason: 'unknown' };
  if (token.familyRevokedAt) return { kind: 'reject', reason: 'revoked' };
  if (token.rotatedAt) return { kind: 'reuse-detected' };
  if (token.expiresAt.getTime() <= now.getTime()) return { kind: 'reject', reason: 'expired' };
  return { kind: 'rotate' };
}
