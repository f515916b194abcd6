import { ConfigError } from '../config/define-config.js';
import { createService } from './create-service.js';
import type { ServiceDefinition } from './types.js';

/**
 * The whole of a service's `main.ts`: starts it from `process.env`, stops it gracefully on
 * SIGINT/SIGTERM (exit 0); a second signal exits at once. A failed start exits 1.
 */
export async function runService<DB, C>(def: ServiceDefinition<DB, C>): Promise<void> {
  let service: Awaited<ReturnType<typeof createService<DB, C>>>;
  try {
    service = await createService(def);
  } catch (err) {
    if (err instanceof ConfigError) console.error(`[${def.name}] ${err.message}`);
    else console.error(`[${def.name}] failed to start:`, err);
    process.exit(1);
  }

  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      service.ctx.log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    service.ctx.log.info({ signal }, 'signal received: stopping gracefully');
    service.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        service.ctx.log.error({ err }, 'graceful stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
