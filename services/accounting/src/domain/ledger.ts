/** Ledger arithmetic: amounts are positive integers, the type says which way money moves. */
export type TransactionType = 'fee' | 'reward' | 'payout';

/** The signed effect of a ledger row on the worker's balance. */
export function balanceDelta(type: TransactionType, amount: number): number {
  return type === 'reward' ? amount : -amount;
}

/** Management earns the fees it debits and pays the rewards it credits; payouts are not earnings. */
export function managementEarnings(rows: ReadonlyArray<{ type: TransactionType; amount: number }>): number {
  let earnings = 0;
  for (const row of rows) {
    if (row.type === 'fee') earnings += row.amount;
    else if (row.type === 'reward') earnings -= row.amount;
  }
  return earnings;
}

/** At the close of a day a positive balance is paid out whole; zero or negative is carried. */
export function payoutFor(balance: number): number {
  return balance > 0 ? balance : 0;
}
