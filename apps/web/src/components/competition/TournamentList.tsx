import type { TournamentSummary } from '../../api/competition-types';
import { formatName } from '../../competition/schedule';
import { Link } from '../../router/router';

/** Tournaments as links: title, format, size, when. */
export function TournamentList({ items, label }: { items: readonly TournamentSummary[]; label: string }) {
  return (
    <ul className="tournament-list" aria-label={label}>
      {items.map((t) => (
        <li key={t.id}>
          <Link to={`/tournaments/${t.id}`} className="tournament-link">
            <span className="tournament-title">
              <strong>{t.title}</strong>
              {t.visibility === 'invite-only' && <span className="status status-private">invite only</span>}
            </span>
            <span className="battle-meta">
              <span className={`status status-${t.status}`}>{t.status}</span>
              <span>{formatName(t.format)}</span>
              <span className="muted">up to {t.capacity}</span>
              <time dateTime={t.startsAt}>{new Date(t.startsAt).toLocaleString(undefined, DATE)}</time>
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

export const DATE: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };
