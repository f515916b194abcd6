import { randomUUID } from 'node:crypto';
import { startTestService, type TestService } from '@garrison/kit/testing';
import type { Database } from '../../src/database.js';
import { matchmakingService } from '../../src/service.js';
import type { BattlesDouble } from './doubles.js';

export type User = { id: string; roles: string[] };
export const player = (): User => ({ id: randomUUID(), roles: ['player'] });

/**
 * Matchmaking on the battles double's bus, finding the double's gRPC through discovery. `shareWith`
 * starts a second instance on the first one's database (two instances of one service).
 */
export function startMatchmaking(
  battles: BattlesDouble,
  env: Record<string, string> = {},
  shareWith?: TestService<Database>,
): Promise<TestService<Database>> {
  return startTestService(matchmakingService, {
    env: {
      BUS_DATABASE_URL: battles.env.BUS_DATABASE_URL!,
      BUS_PREFIX: battles.env.BUS_PREFIX!,
      GARRISON_SERVICES: JSON.stringify({
        battles: { grpc: battles.grpcUrl },
        bots: { grpc: battles.grpcUrl },
      }),
      MATCHMAKING_PAIRING_INTERVAL_MS: '100',
      ...(shareWith ? { DATABASE_URL: shareWith.env.DATABASE_URL! } : {}),
      ...env,
    },
  });
}
