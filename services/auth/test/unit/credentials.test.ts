import { describe, expect, it } from 'vitest';
import { validateRegistration } from '../../src/domain/credentials.js';

const valid = { login: 'alice', password: 'correct horse', displayName: 'Alice' };

describe('registration validation', () => {
  it('when every field is valid, then the login is normalized and the name trimmed', () => {
    expect(validateRegistration({ ...valid, login: ' Alice', displayName: ' Alice ' })).toEqual(valid);
  });

  it.each([
    ['login', { login: 'ab' }],
    ['login', { login: 'x'.repeat(33) }],
    ['login', { login: 'bad login' }],
    ['login', { login: 'émile' }],
    ['password', { password: 'short12' }],
    ['password', { password: 'x'.repeat(1025) }],
    ['displayName', { displayName: '   ' }],
    ['displayName', { displayName: 'x'.repeat(65) }],
  ])('when %s is %j, then the error names that field', (field, patch) => {
    expect(() => validateRegistration({ ...valid, ...patch })).toThrow(
      expect.objectContaining({ code: 'invalid-input', details: { field } }),
    );
  });

  it('when the password has exactly 8 characters, then it is accepted', () => {
    expect(validateRegistration({ ...valid, password: '12345678' }).password).toBe('12345678');
  });
});
