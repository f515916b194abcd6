import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { formSummary } from '../api/problem';
import {
  notificationSettingsApi,
  type ChannelChoice,
  type NotificationPreferences,
} from '../api/notification-settings';
import { Alert } from '../components/Alert';
import { Field } from '../components/Field';
import { useAction } from '../components/use-action';
import { useLoad } from '../components/use-load';
import { navigate } from '../router/router';
import { client } from '../services';

const settingsApi = notificationSettingsApi(client);
const LABELS = { email: 'Email address', webhookUrl: 'Webhook URL' };

/** What each type means, in the order people think of them. */
const TYPE_LABELS: Record<string, string> = {
  'tournament.invited': 'Invited to a tournament',
  'tournament.application-decided': 'Tournament application decided',
  'tournament.started': 'Tournament started',
  'tournament.finished': 'Tournament finished (place and points)',
  'tournament.cancelled': 'Tournament cancelled',
  'battle.starting-soon': 'Battle starting soon',
  'battle.finished': 'Battle finished',
  'challenge.received': 'Challenge received',
  'challenge.accepted': 'Challenge accepted',
  'challenge.declined': 'Challenge declined',
  'match.found': 'Match found',
  'rating.changed': 'Rating changed',
  'task.assigned': 'Task assigned to you',
  'payout.made': 'Daily payout',
  welcome: 'Welcome',
  'roles.changed': 'Roles changed',
};

/** A type this page has no words for yet still reads as words: "room.filled-up" → "Room filled up". */
const labelOf = (type: string) => {
  const known = TYPE_LABELS[type];
  if (known) return known;
  const words = type.replace(/[._-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};
const ordered = (types: string[]) => {
  const known = Object.keys(TYPE_LABELS);
  const rank = (t: string) => (known.includes(t) ? known.indexOf(t) : known.length);
  return [...types].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
};

/** Per type × channel checkboxes (in-app is always on), the email address and the webhook URL. */
export function NotificationSettingsPage() {
  const loaded = useLoad(() => settingsApi.preferences(), 'preferences');
  const [types, setTypes] = useState<Record<string, ChannelChoice>>({});
  const [email, setEmail] = useState('');
  const [webhookUrl, setWebhookUrl] = useState('');
  const [saved, setSaved] = useState<NotificationPreferences | null>(null);
  const current = saved ?? loaded.data;

  useEffect(() => {
    if (!loaded.data) return;
    setTypes(loaded.data.types);
    setEmail(loaded.data.email ?? '');
    setWebhookUrl(loaded.data.webhookUrl ?? '');
  }, [loaded.data]);

  const save = useAction(async () => {
    setSaved(null);
    const result = await settingsApi.savePreferences({
      types,
      email: email.trim() || null,
      webhookUrl: webhookUrl.trim() || null,
    });
    setSaved(result);
  });
  const rotate = useAction(async () => {
    const { webhookSecret } = await settingsApi.rotateWebhookSecret();
    if (current) setSaved({ ...current, webhookSecret });
  });

  const toggle = (type: string, channel: keyof ChannelChoice) => {
    setSaved(null);
    setTypes((all) => {
      const choice = all[type] ?? { email: false, webhook: false };
      return { ...all, [type]: { ...choice, [channel]: !choice[channel] } };
    });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save.run();
  };

  if (loaded.error)
    return (
      <Page>
        <Alert>{loaded.error}</Alert>
      </Page>
    );
  if (!current)
    return (
      <Page>
        <p className="muted">Loading…</p>
      </Page>
    );
  const mailbox = current.emailDelivery === 'mailbox';
  return (
    <Page>
      <form className="card" onSubmit={submit} aria-labelledby="channels-heading">
        <h2 id="channels-heading">What reaches you where</h2>
        <p className="muted">
          Every notification appears in your inbox (the bell). Choose which ones also go by email or to your
          webhook.
        </p>
        {save.error && <Alert>{formSummary(save.error, LABELS)}</Alert>}
        {saved && !save.error && <Alert kind="success">Your notification settings were saved.</Alert>}
        <table className="data-table settings-table">
          <thead>
            <tr>
              <th scope="col">Notification</th>
              <th scope="col">In-app</th>
              <th scope="col">Email</th>
              <th scope="col">Webhook</th>
            </tr>
          </thead>
          <tbody>
            {ordered(Object.keys(types)).map((type) => (
              <tr key={type}>
                <th scope="row">{labelOf(type)}</th>
                <td>
                  <input
                    type="checkbox"
                    checked
                    disabled
                    aria-label={`${labelOf(type)} in-app (always on)`}
                  />
                </td>
                {(['email', 'webhook'] as const).map((channel) => (
                  <td key={channel}>
                    <input
                      type="checkbox"
                      checked={types[type]?.[channel] ?? false}
                      onChange={() => toggle(type, channel)}
                      aria-label={`${labelOf(type)} by ${channel}`}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <Field
          label="Email address"
          name="email"
          type="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          hint={
            mailbox
              ? 'This Garrison runs without a mail server: emails are kept in your Mailbox.'
              : 'Where email notifications are sent.'
          }
          error={save.error?.messageFor('email')}
        />
        <Field
          label="Webhook URL"
          name="webhookUrl"
          type="url"
          placeholder="https://example.com/hooks/garrison"
          value={webhookUrl}
          onChange={(e) => setWebhookUrl(e.target.value)}
          hint="Receives a signed JSON POST for each notification with webhook on; failed deliveries are retried."
          error={save.error?.messageFor('webhookUrl')}
        />
        <button type="submit" className="primary" disabled={save.pending}>
          {save.pending ? 'Saving…' : 'Save'}
        </button>
      </form>
      {current.webhookSecret && (
        <section className="card" aria-labelledby="secret-heading">
          <h2 id="secret-heading">Webhook signing secret</h2>
          <p className="muted">
            Each POST carries <code>x-garrison-signature: sha256=HMAC(secret, timestamp + "." + body)</code>{' '}
            and <code>x-garrison-timestamp</code>. Check it before trusting the request.
          </p>
          {rotate.error && <Alert>{rotate.error.message}</Alert>}
          <p>
            <code>{current.webhookSecret}</code>
          </p>
          <button
            type="button"
            className="secondary"
            onClick={() => void rotate.run()}
            disabled={rotate.pending}
          >
            Replace the secret
          </button>
        </section>
      )}
      {mailbox && (
        <p>
          <button type="button" className="link-button" onClick={() => navigate('/mailbox')}>
            Open my mailbox
          </button>
        </p>
      )}
    </Page>
  );
}

function Page({ children }: { children: ReactNode }) {
  return (
    <main className="page narrow">
      <h1>Notification settings</h1>
      {children}
    </main>
  );
}
