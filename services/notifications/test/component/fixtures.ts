import { randomUUID } from 'node:crypto';
import { sql, withTransaction, type ServiceDefinition } from '@garrison/kit';
import type { TestService } from '@garrison/kit/testing';

/** A stand-in for a producing service: a database with the kit's outbox, and nothing else. */
export const standInProducer = (name: string): ServiceDefinition => ({ name, setup: () => ({}) });

export const usersProducer = standInProducer('users');

export interface UserCreated {
  id: string;
  login: string;
  displayName: string;
  roles: string[];
  active: true;
  createdAt: string;
}

export function newUser(overrides: Partial<UserCreated> = {}): UserCreated {
  const id = randomUUID();
  return {
    id,
    login: `u${id.slice(0, 8)}`,
    displayName: 'Ann Example',
    roles: ['player', 'worker'],
    active: true,
    createdAt: new Date().toISOString(),
    ...overrides,
  };
}

/** Publishes as the producing service does: through its outbox, in a transaction. Returns the event id. */
export async function publish(producer: TestService, type: string, data: object): Promise<string> {
  const envelope = await withTransaction(producer.ctx.db, (tx) =>
    producer.ctx.bus.publish(tx, { type, version: 1, data }),
  );
  return envelope.id;
}

/** Makes the relay publish an already-sent event again, as after a crash between publish and mark-sent. */
export async function redeliver(producer: TestService, eventId: string): Promise<void> {
  await sql`update kit_outbox set sent_at = null where id = ${eventId}`.execute(producer.ctx.db);
  await sql`select pg_notify('kit_outbox', '')`.execute(producer.ctx.db);
}

export async function isSent(producer: TestService, eventId: string): Promise<boolean> {
  const { rows } = await sql<{
    sent: boolean;
  }>`select sent_at is not null as sent from kit_outbox where id = ${eventId}`.execute(producer.ctx.db);
  return rows[0]?.sent === true;
}

/** Writes an envelope straight into the outbox, skipping the publish-side schema check (a poisoned message). */
export async function publishRaw(producer: TestService, type: string, data: object): Promise<string> {
  const id = randomUUID();
  const envelope = {
    id,
    type,
    version: 1,
    occurredAt: new Date().toISOString(),
    producer: 'users',
    correlationId: id,
    causationId: null,
    data,
  };
  await sql`insert into kit_outbox (id, kind, destination, type, envelope) values (${id}, 'event', 'users', ${type}, ${JSON.stringify(envelope)}::jsonb)`.execute(
    producer.ctx.db,
  );
  await sql`select pg_notify('kit_outbox', '')`.execute(producer.ctx.db);
  return id;
}
