import { createAgentHub, type AgentHubApi } from '@garrison/live';
import type { BattleMetrics } from '../metrics.js';

/** The live engine's hub (packages/live), reporting tick timing and late intents to the metrics. */
export function liveAgentHub(metrics: BattleMetrics): AgentHubApi {
  return createAgentHub({
    observer: {
      tickStarted: (_battleId, lateMs) => metrics.liveTickLateness.observe(lateMs / 1000),
      intentReceived: (_battleId, _seat, _afterMs, late) => {
        if (late) metrics.skippedTicks.inc();
      },
    },
  });
}
