import { hash, verify, type Algorithm } from '@node-rs/argon2';
import type { PasswordHasher } from '../app/ports.js';

// Algorithm.Argon2id; the enum is a `const enum`, which isolatedModules cannot read from a declaration file.
const ARGON2ID = 2 as Algorithm;
// OWASP's baseline for argon2id: 19 MiB, 2 passes, 1 lane.
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function argon2Hasher(): PasswordHasher {
  let dummy: Promise<string> | undefined;
  return {
    hash: (password) => hash(password, OPTIONS),
    async verify(stored, password) {
      if (stored === undefined) {
        dummy ??= hash('not-a-real-password', OPTIONS);
        await verify(await dummy, password);
        return false;
      }
      try {
        return await verify(stored, password);
      } catch {
        return false; // a malformed stored hash never logs anyone in
      }
    },
  };
}
