import { createAgentHub, type AgentHubApi, type BattleMessage } from '@garrison/live';
import type { BattleMetrics } from '../metrics.js';

/**
 * What the service does when an Agent says hello, sends a message about a battle played on another
 * instance, or leaves. The hub is made before the parts that handle these, so they are set later.
 */
export interface HubHooks {
  greeted(userId: string): void;
  elsewhere(userId: string, message: BattleMessage): boolean;
  closed(userId: string): void;
}

export const noHubHooks = (): HubHooks => ({ greeted: () => {}, elsewhere: () => false, closed: () => {} });

/**
 * The live engine's hub (packages/live), reporting tick timing and late intents to the metrics, and
 * each Agent's hello (its battles may need taking over, ADR 280).
 */
export function liveAgentHub(metrics: BattleMetrics, hooks: HubHooks): AgentHubApi {
  return createAgentHub({
    onAgentGreeted: (userId) => hooks.greeted(userId),
    onElsewhere: (userId, message) => hooks.elsewhere(userId, message),
    onAgentClosed: (userId) => hooks.closed(userId),
    observer: {
      tickStarted: (_battleId, lateMs) => metrics.liveTickLateness.observe(lateMs / 1000),
      intentReceived: (_battleId, _seat, _afterMs, late) => {
        if (late) metrics.skippedTicks.inc();
      },
    },
  });
}
