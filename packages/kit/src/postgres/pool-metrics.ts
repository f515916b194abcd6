import type pg from 'pg';
import { Gauge, type Registry } from 'prom-client';

/** Pool saturation: `waiting > 0` for long means the pool (or the database) is the bottleneck. */
export function registerPoolMetrics(pool: pg.Pool, registry: Registry, name = 'main'): void {
  const gauge = (metric: string, help: string, read: () => number) =>
    new Gauge({
      name: metric,
      help,
      labelNames: ['pool'] as const,
      registers: [registry],
      collect() {
        this.set({ pool: name }, read());
      },
    });
  gauge('db_pool_connections', 'connections open in the pool', () => pool.totalCount);
  gauge('db_pool_idle_connections', 'idle connections in the pool', () => pool.idleCount);
  gauge('db_pool_waiting_requests', 'queries waiting for a connection', () => pool.waitingCount);
}
