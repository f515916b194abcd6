import type { TransactionType } from '../api/ates-types';

// A real minus sign reads better than a hyphen next to a dollar sign.
const MINUS = '\u2212';

/** 12 → "$12", -5 → "−$5"; with `signed`, positive amounts get a "+" too. */
export function formatMoney(amount: number, { signed = false } = {}): string {
  const sign = amount < 0 ? MINUS : signed && amount > 0 ? '+' : '';
  return `${sign}$${Math.abs(amount).toLocaleString('en-US')}`;
}

/** The ledger stores positive amounts with a type; on the worker's statement fees and payouts go out. */
export function signedAmount(type: TransactionType, amount: number): number {
  return type === 'reward' ? amount : -amount;
}
