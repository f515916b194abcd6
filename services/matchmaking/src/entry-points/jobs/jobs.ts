import type { JobSpec } from '@garrison/kit';
import type { Deps } from '../../app/deps.js';
import { EXPIRE_JOB } from '../../app/challenges/send-challenge.js';
import { expireChallenge, expireDueChallenges } from '../../app/challenges/expire-challenges.js';

/** Challenge expiry: a one-off job at each challenge's expiry, and a sweep for any it missed. */
export const jobs = (deps: Deps): JobSpec[] => [
  {
    name: EXPIRE_JOB,
    async run({ data }) {
      await expireChallenge(deps, (data as { challengeId: string }).challengeId);
    },
  },
  {
    name: 'expire-due-challenges',
    cron: '* * * * *',
    run: async () => void (await expireDueChallenges(deps)),
  },
];
