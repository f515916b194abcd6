import { NOTIFICATION_TYPES, type NotificationType } from './notification.js';

/** Channels a user may switch per type. In-app is not among them: it is always on. */
export const OPTIONAL_CHANNELS = ['email', 'webhook'] as const;
export type OptionalChannel = (typeof OPTIONAL_CHANNELS)[number];

export interface TypePreference {
  type: NotificationType;
  inApp: true;
  email: boolean;
  webhook: boolean;
}

export interface StoredPreference {
  type: string;
  channel: string;
  enabled: boolean;
}

/** Every type with its channels: stored choices over the defaults (optional channels off). */
export function effectivePreferences(stored: readonly StoredPreference[]): TypePreference[] {
  return NOTIFICATION_TYPES.map((type) => {
    const choice = (channel: OptionalChannel) =>
      stored.find((s) => s.type === type && s.channel === channel)?.enabled ?? false;
    return { type, inApp: true, email: choice('email'), webhook: choice('webhook') };
  });
}
