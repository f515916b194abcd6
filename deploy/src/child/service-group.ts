import type { Log } from '../log.js';
import type { PlannedService } from '../plan.js';
import { ServiceProcess } from './service-process.js';

/**
 * The services of one system, in waves: a wave starts in parallel once the previous one is ready,
 * and the waves stop in reverse (the gateway first, the services everything depends on last).
 */
export class ServiceGroup {
  private readonly waves: ServiceProcess[][];

  constructor(
    plannedWaves: readonly (readonly PlannedService[])[],
    repoRoot: string,
    log: Log,
    signal?: AbortSignal,
  ) {
    this.waves = plannedWaves.map((wave) =>
      wave.map(
        (planned) =>
          new ServiceProcess({
            name: planned.spec.name,
            entry: planned.entry,
            repoRoot,
            env: planned.env,
            httpUrl: planned.httpUrl,
            log: log.source(planned.spec.name),
            ...(signal ? { signal } : {}),
          }),
      ),
    );
  }

  /** Rejects as soon as one service fails to start; call `stop()` to end the others. */
  async start(): Promise<void> {
    for (const wave of this.waves) await Promise.all(wave.map((p) => p.start()));
  }

  async stop(): Promise<void> {
    for (const wave of [...this.waves].reverse()) await Promise.all(wave.map((p) => p.stop()));
  }
}
