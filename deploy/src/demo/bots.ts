import fs from 'node:fs/promises';
import path from 'node:path';
import type { DemoApi } from './api.js';
import type { DemoAccount } from './accounts.js';
import type { DemoPlayer } from './cast.js';

interface BotRow {
  id: string;
  name: string;
  activeVersionId: string | null;
}

/**
 * The player's bot in the registry with an active, valid version: uploaded from the repository's
 * source and activated (a first activation may play ranked at once — no regression gate to wait for).
 * Returns its version id and whether this run made it.
 */
export async function ensureBot(
  api: DemoApi,
  repoRoot: string,
  player: DemoAccount,
  bot: DemoPlayer['bot'],
): Promise<{ versionId: string; created: boolean }> {
  const mine = await api.get<{ items: BotRow[] }>(`/api/bots?owner=${player.id}&limit=100`, player.token);
  const existing = mine.items.find((b) => b.name === bot.name);
  if (existing?.activeVersionId) return { versionId: existing.activeVersionId, created: false };

  const botId =
    existing?.id ?? (await api.post<{ id: string }>('/api/bots', { name: bot.name }, player.token)).id;
  const source = await fs.readFile(path.join(repoRoot, bot.file), 'utf8');
  const version = await api.post<{ id: string; status: string; error?: string }>(
    `/api/bots/${botId}/versions`,
    { source, language: 'js' },
    player.token,
  );
  if (version.status !== 'valid')
    throw new Error(`the bot ${bot.name} (${bot.file}) was refused: ${version.error ?? version.status}`);
  await api.call('POST', `/api/bots/${botId}/versions/${version.id}/activate`, { token: player.token });
  return { versionId: version.id, created: true };
}
