import type { BotVersion } from '../api/tanks-types';

/** The version the editor opens: the active one, else the newest (valid or not: it is the latest work). */
export function versionToOpen(versions: readonly BotVersion[]): BotVersion | null {
  const active = versions.find((v) => v.active);
  if (active) return active;
  return versions.reduce<BotVersion | null>(
    (newest, v) => (!newest || v.version > newest.version ? v : newest),
    null,
  );
}
