import { useMemo } from 'react';
import { api } from '../../services';
import { useLoad } from '../use-load';

export interface BotOption {
  value: string;
  label: string;
  /** May play ranked battles (its bot's first activated version, or it passed the regression gate). */
  ranked: boolean;
}

/** The signed-in player's valid bot versions as picker options (active versions first in each bot). */
export function useMyBots(userId: string) {
  const loaded = useLoad(async () => {
    const bots = await api.bots.mine(userId);
    const lists = await Promise.all(bots.items.map((bot) => api.bots.versions(bot.id)));
    return bots.items.flatMap((bot, i) =>
      (lists[i]?.items ?? [])
        .filter((v) => v.status === 'valid')
        .sort((a, b) => Number(b.active) - Number(a.active) || b.version - a.version)
        .map((v) => ({
          value: `version:${v.id}`,
          id: v.id,
          ranked: v.rankedEligible,
          label: `${bot.name} v${v.version}${v.active ? ' (active)' : ''}`,
        })),
    );
  }, userId);
  const labels = useMemo(
    () => new Map((loaded.data ?? []).map((o) => [o.id, o.label.replace(' (active)', '')])),
    [loaded.data],
  );
  return { options: loaded.data ?? [], labels, loading: loaded.loading, error: loaded.error };
}
