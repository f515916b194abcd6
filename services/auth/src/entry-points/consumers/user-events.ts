import { onEvent, type EventConsumer, type EventEnvelope } from '@garrison/kit';
import type { Transaction } from 'kysely';
import { projectUser } from '../../app/project-user.js';
import type { AuthDeps } from '../../app/ports.js';
import type { AuthDatabase } from '../../adapters/database.js';
import { PostgresAuthStore } from '../../adapters/postgres-auth-store.js';
import type { UserChange } from '../../domain/known-user.js';

// users' CUD events keep auth's projection fresh (contracts/events/users/*.v1.json). Handlers run in the
// kit's inbox transaction: a redelivered event is skipped by the inbox, and applying one twice changes nothing.

interface Created {
  id: string;
  login: string;
  displayName: string;
  roles: string[];
  active: boolean;
}
interface Updated {
  id: string;
  login: string;
  displayName: string;
  active: boolean;
}
interface Deactivated {
  id: string;
  login: string;
}
interface RolesChanged {
  id: string;
  login: string;
  roles: string[];
}

function consumer<Data>(
  deps: AuthDeps,
  type: string,
  toChange: (data: Data, at: Date) => UserChange,
): EventConsumer {
  return onEvent<Data, Transaction<AuthDatabase>>({
    producer: 'users',
    type,
    versions: [1],
    async handle(event: EventEnvelope<Data>, tx) {
      await projectUser(
        new PostgresAuthStore(tx),
        toChange(event.data, new Date(event.occurredAt)),
        deps.now(),
      );
    },
  });
}

export function userProjectionConsumers(deps: AuthDeps): EventConsumer[] {
  return [
    consumer<Created>(deps, 'user.created', (d, at) => ({
      id: d.id,
      login: d.login,
      at,
      profile: { displayName: d.displayName, active: d.active },
      roles: d.roles,
    })),
    consumer<Updated>(deps, 'user.updated', (d, at) => ({
      id: d.id,
      login: d.login,
      at,
      profile: { displayName: d.displayName, active: d.active },
    })),
    consumer<Deactivated>(deps, 'user.deactivated', (d, at) => ({
      id: d.id,
      login: d.login,
      at,
      profile: { active: false },
    })),
    consumer<RolesChanged>(deps, 'user.roles-changed', (d, at) => ({
      id: d.id,
      login: d.login,
      at,
      roles: d.roles,
    })),
  ];
}
