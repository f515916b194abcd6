import type { Transaction, TransactionType } from '../api/ates-types';
import { formatMoney, signedAmount } from '../format/money';

const TYPE_NAMES: Record<TransactionType, string> = {
  fee: 'Assignment fee',
  reward: 'Completion reward',
  payout: 'Payout',
};

/** The audit log of one day: every money move with its task, oldest first as the ledger has it. */
export function StatementTable({ transactions, caption }: { transactions: Transaction[]; caption: string }) {
  return (
    <table className="data-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Type</th>
          <th scope="col">Task</th>
          <th scope="col" className="number">
            Amount
          </th>
        </tr>
      </thead>
      <tbody>
        {transactions.map((t) => {
          const amount = signedAmount(t.type, t.amount);
          return (
            <tr key={t.id} data-type={t.type}>
              <td>
                <time dateTime={t.at}>
                  {new Date(t.at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}
                </time>
              </td>
              <td>
                <span className={`ledger-type ledger-${t.type}`}>{TYPE_NAMES[t.type]}</span>
              </td>
              <td>
                {t.jiraId && <span className="jira-id">{t.jiraId}</span>}
                {t.taskTitle ?? (t.type === 'payout' ? 'End of day' : '—')}
              </td>
              <td className={`number ${amount < 0 ? 'money-out' : 'money-in'}`}>
                {formatMoney(amount, { signed: true })}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
