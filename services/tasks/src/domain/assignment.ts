/** Who may be given a task, and drawing one of them. */
export interface Account {
  id: string;
  roles: string[];
  active: boolean;
}

/** Popugs only: an active worker who is neither a manager nor an admin. */
export function isEligibleWorker(account: Account): boolean {
  const roles = new Set(account.roles);
  return account.active && roles.has('worker') && !roles.has('manager') && !roles.has('admin');
}

/** Draws uniformly; `random` returns [0, 1). Returns null when nobody is eligible. */
export function drawAssignee<T>(candidates: readonly T[], random: () => number): T | null {
  if (candidates.length === 0) return null;
  return candidates[Math.floor(random() * candidates.length)] ?? null;
}
