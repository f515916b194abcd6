import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../src/domain/cursor.js';
import { validateDisplayName, validateLogin } from '../../src/domain/user.js';

describe('login validation', () => {
  it.each(['abc', 'a.b-c_d', 'x'.repeat(32), 'user42'])(
    'when the login is "%s", then it is accepted',
    (login) => {
      expect(validateLogin(login)).toBe(login);
    },
  );

  it('when the login has capitals or surrounding spaces, then it is normalized', () => {
    expect(validateLogin('  Alice ')).toBe('alice');
  });

  it.each(['ab', 'x'.repeat(33), 'has space', 'üser', 'semi;colon', ''])(
    'when the login is "%s", then it is rejected naming the field',
    (login) => {
      expect(() => validateLogin(login)).toThrow(/^login: /);
    },
  );
});

describe('display name validation', () => {
  it('when the name has surrounding spaces, then they are trimmed', () => {
    expect(validateDisplayName('  Alice Liddell ')).toBe('Alice Liddell');
  });

  it.each(['', '   ', 'x'.repeat(65)])(
    'when the name is "%s", then it is rejected naming the field',
    (name) => {
      expect(() => validateDisplayName(name)).toThrow(/^displayName: /);
    },
  );
});

describe('list cursor', () => {
  it('when a cursor is encoded and decoded, then the last login comes back', () => {
    expect(decodeCursor(encodeCursor('bob.smith'))).toBe('bob.smith');
  });

  it.each(['garbage', Buffer.from('{"x":1}').toString('base64url'), ''])(
    'when the cursor "%s" was not issued by the API, then it is rejected',
    (cursor) => {
      expect(() => decodeCursor(cursor)).toThrow(/^cursor: /);
    },
  );
});
