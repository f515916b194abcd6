import type { ServiceDefinition } from '@garrison/kit';
import { Counter, Gauge } from 'prom-client';
import { countUnread, findNotification } from './adapters/inbox-repository.js';
import type { NotificationsDatabase } from './adapters/database.js';
import {
  onBattleFinished,
  onPayoutMade,
  onTaskAssigned,
  onUserCreated,
  onUserDeactivated,
  onUserRolesChanged,
} from './entry-points/consumers.js';
import { registerHttp } from './entry-points/http.js';
import { matchmakingConsumers } from './entry-points/matchmaking-consumers.js';
import { setupChannels } from './channels-setup.js';
import { config } from './config.js';
import { LiveHub } from './live/live-hub.js';
import { LiveListener } from './live/live-signal.js';

/** The per-user inbox: turns domain events into notifications and pushes them live. */
export const notificationsService: ServiceDefinition<NotificationsDatabase, typeof config> = {
  name: 'notifications',
  config,
  migrations: new URL('../migrations/', import.meta.url),
  async setup(ctx) {
    const hub = new LiveHub({
      loadNotification: (userId, id) => findNotification(ctx.db, userId, id),
      countUnread: (userId) => countUnread(ctx.db, userId),
      log: ctx.log,
    });
    const listener = new LiveListener({
      databaseUrl: ctx.config.databaseUrl!,
      onSignal: (signal) => void hub.onSignal(signal),
      onReconnected: () => void hub.resync(),
      log: ctx.log,
    });
    await listener.start();

    new Gauge({
      name: 'notifications_live_connections',
      help: 'WebSocket clients connected to this instance',
      registers: [ctx.metrics],
      collect() {
        this.set(hub.connections);
      },
    });
    const created = new Counter({
      name: 'notifications_created_total',
      help: 'Notifications stored in inboxes, by type',
      labelNames: ['type'] as const,
      registers: [ctx.metrics],
    });
    // Counted after the handler's work; a rolled-back transaction may over-count by one on retry.
    // Email and webhook deliveries are planned in the same transaction as each stored notification.
    const channels = setupChannels(ctx, (type) => created.inc({ type }));
    const onStored = channels.onStored;

    return {
      http: (app) => registerHttp(app, ctx.db, hub, channels.mailer.mode, ctx.config.webhookAllowPrivate),
      consumers: [
        onUserCreated(onStored),
        onUserRolesChanged(onStored),
        onUserDeactivated(),
        onTaskAssigned(onStored),
        onPayoutMade(onStored),
        onBattleFinished(onStored),
        ...matchmakingConsumers(onStored),
        ...channels.consumers,
      ],
      workers: channels.workers,
      // Without the live channel this instance cannot push; let the load balancer prefer another.
      ready: async () => listener.connected,
      onStop: async () => {
        hub.closeAll();
        await listener.stop();
      },
    };
  },
};
