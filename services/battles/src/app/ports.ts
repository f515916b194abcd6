import type { AgentHubApi } from '@garrison/live';

/** A hosted bot version as the registry (bots service) knows it. */
export interface BotVersionFacts {
  botVersionId: string;
  botId: string;
  ownerId: string;
  botName: string;
  version: number;
  status: string;
  /** May play ranked battles: its bot's first activated version, or it passed the regression gate. */
  rankedEligible: boolean;
}

/** The bot registry, reached over gRPC in production and faked in tests. */
export interface BotDirectory {
  /** undefined when the version does not exist. */
  version(botVersionId: string): Promise<BotVersionFacts | undefined>;
  /** What the sandbox loads; throws BotUnplayableError for an unknown or invalid version. */
  compiledSource(botVersionId: string): Promise<string>;
}

export class BotUnplayableError extends Error {
  override readonly name = 'BotUnplayableError';
}

/** The live engine (packages/live), present once it is implemented. */
export type AgentHubFactory = () => AgentHubApi | Promise<AgentHubApi>;
