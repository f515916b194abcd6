import { describe, expect, it } from 'vitest';
import { argon2Hasher } from '../../src/adapters/argon2-hasher.js';

// The real argon2 library (pure computation, no I/O): the parameters are what protects stored passwords.
describe('password hashing', () => {
  const hasher = argon2Hasher();

  it('when a password is hashed, then it is argon2id with a per-hash salt and only that password verifies', async () => {
    const first = await hasher.hash('correct horse battery');
    const second = await hasher.hash('correct horse battery');
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(first).not.toBe(second);
    expect(await hasher.verify(first, 'correct horse battery')).toBe(true);
    expect(await hasher.verify(first, 'Correct horse battery')).toBe(false);
  });

  it('when there is no stored hash or it is malformed, then nothing verifies', async () => {
    expect(await hasher.verify(undefined, 'not-a-real-password')).toBe(false);
    expect(await hasher.verify('garbage', 'anything')).toBe(false);
  });
});
