import { useState } from 'react';
import { Alert } from '../components/Alert';
import { StatementTable } from '../components/StatementTable';
import { useLoad } from '../components/use-load';
import { formatDay, isIsoDay } from '../format/days';
import { formatMoney } from '../format/money';
import { api } from '../services';

/**
 * A worker's money: the balance now and the audit log of one day — today (in the accounting zone,
 * which the server decides) unless an earlier day is picked.
 */
export function AccountPage() {
  // null = "today", so the page follows the server's idea of today rather than the browser's.
  const [day, setDay] = useState<string | null>(null);
  const [today, setToday] = useState<string | null>(null);
  const statement = useLoad(async () => {
    const answer = await api.accounting.me(day ?? undefined);
    if (day === null) setToday(answer.day);
    return answer;
  }, day ?? 'today');
  const shownDay = day ?? today;
  // While another day loads, the old day's rows would sit under the new day's heading: hide them.
  const log = statement.data && statement.data.day === shownDay ? statement.data.transactions : null;

  return (
    <main className="page">
      <div className="section-header">
        <h1>My account</h1>
        <button type="button" className="secondary" disabled={statement.loading} onClick={statement.reload}>
          {statement.loading ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      {statement.error && <Alert>{statement.error}</Alert>}
      <div className="card-grid">
        <section className="card stat" aria-labelledby="balance-title">
          <h2 id="balance-title">Balance</h2>
          {statement.data ? (
            <p className={`stat-value ${statement.data.balance < 0 ? 'money-out' : ''}`}>
              {formatMoney(statement.data.balance)}
            </p>
          ) : (
            <p className="muted">Loading…</p>
          )}
          <p className="muted">Positive balances are paid out when the day closes.</p>
        </section>
        <section className="card" aria-labelledby="day-title">
          <h2 id="day-title">Day</h2>
          <div className="field">
            <label htmlFor="statement-day">Show the log of</label>
            <input
              id="statement-day"
              type="date"
              value={shownDay ?? ''}
              max={today ?? undefined}
              onChange={(e) => {
                const value = e.target.value;
                if (!isIsoDay(value)) return;
                setDay(value === today ? null : value);
              }}
            />
          </div>
          {day !== null && (
            <button type="button" className="link-button" onClick={() => setDay(null)}>
              Back to today
            </button>
          )}
        </section>
      </div>
      <section className="card" aria-labelledby="log-title">
        <h2 id="log-title">
          {shownDay ? `Audit log · ${day === null ? 'today, ' : ''}${formatDay(shownDay)}` : 'Audit log'}
        </h2>
        {log === null ? (
          !statement.error && <p className="muted">Loading…</p>
        ) : log.length === 0 ? (
          <p className="muted">No money moved on this day.</p>
        ) : (
          <StatementTable transactions={log} caption="Audit log" />
        )}
      </section>
    </main>
  );
}
