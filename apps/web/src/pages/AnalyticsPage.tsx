import { useState } from 'react';
import type { PeriodKind } from '../api/ates-types';
import { Alert } from '../components/Alert';
import { pendingOf, Updating } from '../components/Updating';
import { useLoad } from '../components/use-load';
import { addDays, formatDay, isIsoDay } from '../format/days';
import { formatMoney } from '../format/money';
import { api } from '../services';

/** How far back each grouping looks by default: two weeks of days, eight weeks, six months. */
const DEFAULT_SPAN: Record<PeriodKind, number> = { day: 13, week: 55, month: 182 };
const PERIOD_NAMES: Record<PeriodKind, string> = { day: 'Day', week: 'Week', month: 'Month' };

/** Admins only: today's earnings and how many workers are below zero, and the priciest task per period. */
export function AnalyticsPage() {
  const summary = useLoad(() => api.analytics.summary(), 'today');
  const today = summary.data?.day ?? null;
  // Bumped by "Refresh" so the report below reads again too.
  const [version, setVersion] = useState(0);
  const refresh = () => {
    summary.reload();
    setVersion((v) => v + 1);
  };

  return (
    <main className="page">
      <div className="section-header">
        <h1>Analytics {summary.data && <Updating pending={pendingOf(summary.data)} reload={refresh} />}</h1>
        <button type="button" className="secondary" disabled={summary.loading} onClick={refresh}>
          {summary.loading ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      {summary.error && <Alert>{summary.error}</Alert>}
      <div className="card-grid">
        <section className="card stat" aria-labelledby="analytics-earnings">
          <h2 id="analytics-earnings">Management earnings today</h2>
          {summary.data ? (
            <p className={`stat-value ${summary.data.managementEarnings < 0 ? 'money-out' : 'money-in'}`}>
              {formatMoney(summary.data.managementEarnings)}
            </p>
          ) : (
            <p className="muted">Loading…</p>
          )}
        </section>
        <section className="card stat" aria-labelledby="analytics-negative">
          <h2 id="analytics-negative">Workers below zero</h2>
          {summary.data ? (
            <p className={`stat-value ${summary.data.negativeBalanceCount > 0 ? 'money-out' : ''}`}>
              {summary.data.negativeBalanceCount}
            </p>
          ) : (
            <p className="muted">Loading…</p>
          )}
        </section>
      </div>
      {today && <MostExpensive key={today} today={today} version={version} />}
    </main>
  );
}

function MostExpensive({ today, version }: { today: string; version: number }) {
  const [by, setBy] = useState<PeriodKind>('day');
  const [from, setFrom] = useState(addDays(today, -DEFAULT_SPAN.day));
  const [to, setTo] = useState(today);
  const report = useLoad(() => api.analytics.mostExpensive(from, to, by), `${from}|${to}|${by}|${version}`);

  const regroup = (kind: PeriodKind) => {
    setBy(kind);
    setFrom(addDays(to, -DEFAULT_SPAN[kind]));
  };
  // Newest first: the question is usually "what was it lately".
  const periods = [...(report.data?.periods ?? [])].reverse();
  return (
    <section className="card" aria-labelledby="expensive-title">
      <h2 id="expensive-title">Most expensive task</h2>
      <div className="filters">
        <div className="segmented" role="group" aria-label="Group by">
          {(Object.keys(PERIOD_NAMES) as PeriodKind[]).map((kind) => (
            <button
              key={kind}
              type="button"
              aria-pressed={by === kind}
              className={by === kind ? 'segment active' : 'segment'}
              onClick={() => regroup(kind)}
            >
              {PERIOD_NAMES[kind]}
            </button>
          ))}
        </div>
        <div className="field inline">
          <label htmlFor="expensive-from">From</label>
          <input
            id="expensive-from"
            type="date"
            value={from}
            max={to}
            onChange={(e) => isIsoDay(e.target.value) && setFrom(e.target.value)}
          />
        </div>
        <div className="field inline">
          <label htmlFor="expensive-to">To</label>
          <input
            id="expensive-to"
            type="date"
            value={to}
            min={from}
            onChange={(e) => isIsoDay(e.target.value) && setTo(e.target.value)}
          />
        </div>
      </div>
      {report.error && <Alert>{report.error}</Alert>}
      {!report.data && report.loading && <p className="muted">Loading…</p>}
      {periods.length > 0 && (
        <table className="data-table">
          <caption className="visually-hidden">Most expensive task per {by}</caption>
          <thead>
            <tr>
              <th scope="col">{PERIOD_NAMES[by]}</th>
              <th scope="col">Task</th>
              <th scope="col" className="number">
                Reward
              </th>
            </tr>
          </thead>
          <tbody>
            {periods.map((period) => (
              <tr key={period.from}>
                <td>{periodName(period.from, period.to, by)}</td>
                <td>
                  {period.task ? (
                    <>
                      {period.task.jiraId && <span className="jira-id">{period.task.jiraId}</span>}
                      {period.task.title ?? <span className="muted">untitled</span>}
                    </>
                  ) : (
                    <span className="muted">No task completed</span>
                  )}
                </td>
                <td className="number">{period.task ? formatMoney(period.task.reward) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function periodName(from: string, to: string, by: PeriodKind): string {
  if (by === 'day') return formatDay(from);
  if (by === 'month') return formatDay(from, { weekday: undefined, day: undefined, year: 'numeric' });
  return `${formatDay(from, { weekday: undefined })} – ${formatDay(to, { weekday: undefined })}`;
}
