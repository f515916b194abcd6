import { notificationSettingsApi, type Delivery } from '../api/notification-settings';
import { Alert } from '../components/Alert';
import { useLoad } from '../components/use-load';
import { client } from '../services';

const settingsApi = notificationSettingsApi(client);

const when = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Embedded mode's stand-in for an email client, and the status of recent email/webhook deliveries. */
export function MailboxPage() {
  const mail = useLoad(() => settingsApi.mailbox(), 'mailbox');
  const deliveries = useLoad(() => settingsApi.deliveries(), 'deliveries');
  const reload = () => {
    mail.reload();
    deliveries.reload();
  };
  return (
    <main className="page">
      <h1>Mailbox</h1>
      <p>
        <button type="button" className="secondary" onClick={reload} disabled={mail.loading}>
          Refresh
        </button>
      </p>
      {mail.error && <Alert>{mail.error}</Alert>}
      {mail.data?.emailDelivery === 'smtp' && (
        <Alert kind="success">Emails go to your real address; this Garrison does not keep copies.</Alert>
      )}
      {mail.data && mail.data.emailDelivery === 'mailbox' && mail.data.items.length === 0 && (
        <p className="muted">
          No mail yet. Switch email on for some notifications under Notification settings.
        </p>
      )}
      {mail.data?.items.map((m) => (
        <article className="card" key={m.id} aria-label={m.subject}>
          <h2>{m.subject}</h2>
          <p className="muted">
            From {m.from} to {m.to ?? '(no address set)'} · {when(m.createdAt)}
          </p>
          <pre style={{ whiteSpace: 'pre-wrap' }}>{m.body}</pre>
        </article>
      ))}
      <section className="card" aria-labelledby="deliveries-heading">
        <h2 id="deliveries-heading">Recent deliveries</h2>
        {deliveries.error && <Alert>{deliveries.error}</Alert>}
        {deliveries.data && deliveries.data.items.length === 0 && (
          <p className="muted">Nothing sent by email or webhook yet.</p>
        )}
        {deliveries.data && deliveries.data.items.length > 0 && (
          <DeliveryTable items={deliveries.data.items} />
        )}
      </section>
    </main>
  );
}

function DeliveryTable({ items }: { items: Delivery[] }) {
  return (
    <table className="data-table">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Notification</th>
          <th scope="col">Channel</th>
          <th scope="col">Status</th>
          <th scope="col" className="number">
            Attempts
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((d) => (
          <tr key={d.id}>
            <td>{when(d.createdAt)}</td>
            <td>{d.title}</td>
            <td>{d.channel}</td>
            <td title={d.lastError ?? undefined}>
              {d.status}
              {d.lastError && d.status !== 'sent' ? ` (${d.lastError})` : ''}
            </td>
            <td className="number">{d.attempts}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
