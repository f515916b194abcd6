import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { bootstrapAdmin } from '../app/bootstrap-admin.js';
import { DirectoryError, type AuthDeps } from '../app/ports.js';

/**
 * Creates the bootstrap admin at start. The first attempt is awaited (normally users is already up,
 * so the admin can log in as soon as auth reports ready); while users is unreachable it keeps trying
 * in the background with exponential backoff until it succeeds or the service stops.
 */
export function adminBootstrap(
  deps: AuthDeps,
  password: string | undefined,
  log: Logger,
  retryMaxMs: number,
) {
  const stop = new AbortController();
  let background: Promise<void> = Promise.resolve();

  async function attempt(): Promise<boolean> {
    try {
      const outcome = await bootstrapAdmin(deps, password!);
      log.info(
        { outcome },
        outcome === 'created' ? 'bootstrap admin created' : 'bootstrap admin already exists',
      );
      return true;
    } catch (err) {
      if (err instanceof DirectoryError && err.code === 'unavailable') {
        log.warn({ err: err.message }, 'bootstrap admin: users not reachable yet, will retry');
        return false;
      }
      log.error({ err }, 'bootstrap admin failed; fix the cause and restart auth');
      return true;
    }
  }

  return {
    async start(): Promise<void> {
      if (!password) return;
      if (await attempt()) return;
      background = (async () => {
        for (let delay = 250; !stop.signal.aborted; delay = Math.min(delay * 2, retryMaxMs)) {
          try {
            await sleep(delay, undefined, { signal: stop.signal });
          } catch {
            return; // stopped
          }
          if (await attempt()) return;
        }
      })();
    },
    async stop(): Promise<void> {
      stop.abort();
      await background;
    },
  };
}
