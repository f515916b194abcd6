import { Counter, type Registry } from 'prom-client';
import { AuthError } from '../../domain/errors.js';

/**
 * Security signals for dashboards and alerts (docs/monitoring): failed and throttled logins, and
 * refresh-token reuse — the one sign of a stolen token the system can see.
 */
export function authMetrics(registry: Registry) {
  const logins = new Counter({
    name: 'auth_logins_total',
    help: 'Login attempts by outcome (ok, invalid-credentials, throttled, account-deactivated, ...)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const refreshes = new Counter({
    name: 'auth_refreshes_total',
    help: 'Refresh attempts by outcome (ok, unknown, expired, revoked, reuse-detected, deactivated)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const registrations = new Counter({
    name: 'auth_registrations_total',
    help: 'Registrations by outcome (ok, invalid-input, login-taken, users-unavailable)',
    labelNames: ['outcome'],
    registers: [registry],
  });

  /** Runs `work`, counting its outcome on `counter`; errors pass through unchanged. */
  const counted =
    (counter: Counter<'outcome'>, outcomeOf: (err: AuthError) => string) =>
    async <T>(work: () => Promise<T>): Promise<T> => {
      try {
        const result = await work();
        counter.inc({ outcome: 'ok' });
        return result;
      } catch (err) {
        counter.inc({ outcome: err instanceof AuthError ? outcomeOf(err) : 'error' });
        throw err;
      }
    };

  return {
    login: counted(logins, (err) => err.code),
    refresh: counted(refreshes, (err) => err.details.reason ?? err.code),
    register: counted(registrations, (err) => err.code),
  };
}

export type AuthMetrics = ReturnType<typeof authMetrics>;
