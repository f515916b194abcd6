import { useEffect } from 'react';

const RECHECK_MS = 2_000;

/** The figures' events not yet applied, summed over answers; null while one of them could not say. */
export function pendingOf(
  ...answers: Array<{ pendingEvents: number | null } | null | undefined>
): number | null {
  let total = 0;
  for (const answer of answers) {
    if (!answer || answer.pendingEvents === null) return null;
    total += answer.pendingEvents;
  }
  return total;
}

/**
 * "updating…" next to figures that are still moving (SPEC 5.5: the service has events it has not
 * applied yet), and a quiet re-read every two seconds until they settle, so a screen never passes
 * a half-applied shuffle off as final.
 */
export function Updating({ pending, reload }: { pending: number | null; reload: () => void }) {
  const moving = pending !== null && pending > 0;
  useEffect(() => {
    if (!moving) return;
    const timer = setTimeout(reload, RECHECK_MS);
    return () => clearTimeout(timer);
  }, [moving, pending, reload]);
  if (!moving) return null;
  return (
    <span className="badge updating" role="status" title={`${pending} event(s) not applied yet`}>
      updating…
    </span>
  );
}
