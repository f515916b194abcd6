import { useState } from 'react';
import type { DayClosed } from '../api/ates-types';
import type { User } from '../api/types';
import { Alert } from '../components/Alert';
import { EarningsChart } from '../components/EarningsChart';
import { pendingOf, Updating } from '../components/Updating';
import { useAction } from '../components/use-action';
import { useLoad } from '../components/use-load';
import { formatDay, lastDays, perDay } from '../format/days';
import { formatMoney } from '../format/money';
import { api } from '../services';
import { ATES_ACCESS, hasAnyRole } from '../session/roles';

const CHART_DAYS = 14;

/** Management's money: today's earnings, the last two weeks as bars, every balance; admins close the day. */
export function AccountingPage({ user }: { user: User }) {
  // Today comes from the server (the accounting zone decides), then the chart range from today.
  const overview = useLoad(async () => {
    const today = await api.accounting.summary();
    const days = lastDays(today.day, CHART_DAYS);
    const [range, accounts] = await Promise.all([
      api.accounting.days(days[0] ?? today.day, today.day),
      api.accounting.accounts(),
    ]);
    return {
      today,
      days,
      range: range.items,
      accounts: accounts.items,
      pending: pendingOf(today, range, accounts),
    };
  }, 'overview');
  const [closed, setClosed] = useState<DayClosed | null>(null);
  const close = useAction(async () => {
    const day = overview.data?.today.day;
    if (!day) return;
    setClosed(null);
    setClosed(await api.accounting.closeDay(day));
    overview.reload();
  });
  const data = overview.data;

  return (
    <main className="page">
      <div className="section-header">
        <h1>Accounting {data && <Updating pending={data.pending} reload={overview.reload} />}</h1>
        <button type="button" className="secondary" disabled={overview.loading} onClick={overview.reload}>
          {overview.loading ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      {overview.error && <Alert>{overview.error}</Alert>}
      {!data && !overview.error && <p className="muted">Loading…</p>}
      {data && (
        <>
          <div className="card-grid">
            <section className="card stat" aria-labelledby="earnings-title">
              <h2 id="earnings-title">Management earnings today</h2>
              <p className={`stat-value ${data.today.managementEarnings < 0 ? 'money-out' : 'money-in'}`}>
                {formatMoney(data.today.managementEarnings)}
              </p>
              <p className="muted">{formatDay(data.today.day, { year: 'numeric' })}</p>
            </section>
            <section className="card" aria-labelledby="today-title">
              <h2 id="today-title">Today’s money</h2>
              <dl className="facts">
                <dt>Fees debited</dt>
                <dd>{formatMoney(data.today.feesDebited)}</dd>
                <dt>Rewards credited</dt>
                <dd>{formatMoney(data.today.rewardsCredited)}</dd>
                <dt>Paid out</dt>
                <dd>{formatMoney(data.today.paidOut)}</dd>
              </dl>
            </section>
            {hasAnyRole(user, ...ATES_ACCESS.closeDay) && (
              <section className="card" aria-labelledby="close-title">
                <h2 id="close-title">End of day</h2>
                {close.error && <Alert>{close.error.message}</Alert>}
                {closed && !close.error && (
                  <Alert kind="success">
                    {formatDay(closed.day)} closed: {closed.paidAccounts} paid,{' '}
                    {formatMoney(closed.totalPaid)} in total.
                  </Alert>
                )}
                <p className="muted">Pays every positive balance now. Closing twice pays nobody twice.</p>
                <button
                  type="button"
                  className="primary"
                  disabled={close.pending}
                  onClick={() => void close.run()}
                >
                  {close.pending ? 'Closing…' : 'Close today'}
                </button>
              </section>
            )}
          </div>
          <section className="card" aria-labelledby="chart-title">
            <h2 id="chart-title">Earnings per day, last {CHART_DAYS} days</h2>
            <EarningsChart
              label={`Management earnings per day, last ${CHART_DAYS} days`}
              points={perDay(data.days, data.range, (d) => d.managementEarnings)}
            />
          </section>
          <section className="card" aria-labelledby="accounts-title">
            <h2 id="accounts-title">Accounts</h2>
            {data.accounts.length === 0 ? (
              <p className="muted">No accounts yet.</p>
            ) : (
              <table className="data-table">
                <caption className="visually-hidden">Accounts</caption>
                <thead>
                  <tr>
                    <th scope="col">Login</th>
                    <th scope="col" className="number">
                      Balance
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.accounts.map((account) => (
                    <tr key={account.userId}>
                      <td>{account.login ?? <span className="muted">{account.userId}</span>}</td>
                      <td className={`number ${account.balance < 0 ? 'money-out' : ''}`}>
                        {formatMoney(account.balance)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
    </main>
  );
}
