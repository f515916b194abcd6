import { useEffect, useState } from 'react';
import type { Application } from '../../api/competition-types';
import { describeBot } from '../../competition/bot-choice';
import { timeAgo } from '../../format/time';
import { competition } from '../../services';
import { Alert } from '../Alert';
import { useAction } from '../use-action';
import { useLoad } from '../use-load';
import { PlayerLink } from './PlayerLink';
import { usePeople } from './use-people';

const REFRESH_MS = 5_000;

/** The organiser's inbox of applications: accept, or reject with a reason. */
export function ApplicationsCard({
  tournamentId,
  open,
  onDecided,
}: {
  tournamentId: string;
  /** Decisions are possible until the start. */
  open: boolean;
  onDecided: () => void;
}) {
  const list = useLoad(() => competition.tournaments.applications(tournamentId), tournamentId);
  const items = list.data ?? [];
  // Applicants are not participants yet: the card names them itself.
  const { name } = usePeople(items.map((a) => a.userId));
  // Nothing tells the organiser of a new application: while decisions are possible, look again now and then.
  const { reload } = list;
  useEffect(() => {
    if (!open) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') reload();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [open, reload]);
  const waiting = items.filter((a) => a.status === 'pending' || a.status === 'waitlisted').length;
  return (
    <section className="card" aria-labelledby="applications-title">
      <div className="section-header">
        <h2 id="applications-title">
          Applications {waiting > 0 && <span className="count-badge">{waiting} waiting</span>}
        </h2>
        <button type="button" className="secondary" disabled={list.loading} onClick={list.reload}>
          {list.loading ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      {list.error && <Alert>{list.error}</Alert>}
      {list.data && items.length === 0 && <p className="muted">No applications yet.</p>}
      {items.length > 0 && (
        <ul className="application-list" aria-label="Applications">
          {items.map((a) => (
            <ApplicationRow
              key={a.id}
              application={a}
              open={open}
              name={name(a.userId)}
              onDecided={() => {
                list.reload();
                onDecided();
              }}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function ApplicationRow({
  application: a,
  open,
  name,
  onDecided,
}: {
  application: Application;
  open: boolean;
  name: string;
  onDecided: () => void;
}) {
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const accept = useAction(async () => {
    await competition.tournaments.accept(a.tournamentId, a.id);
    onDecided();
  });
  const reject = useAction(async () => {
    await competition.tournaments.reject(a.tournamentId, a.id, reason);
    setRejecting(false);
    onDecided();
  });
  const error = accept.error ?? reject.error;
  const undecided = a.status === 'pending' || a.status === 'waitlisted';
  return (
    <li className="application-row" aria-label={`Application of ${name}`}>
      <div className="application-main">
        <p>
          <PlayerLink userId={a.userId} name={name} />{' '}
          <span className="muted">with {describeBot(a.bot)}</span>
        </p>
        <p className="muted small">
          applied <time dateTime={a.createdAt}>{timeAgo(a.createdAt)}</time>
          {a.reason && <> · reason: {a.reason}</>}
        </p>
        {error && <Alert>{error.message}</Alert>}
        {rejecting && (
          <form
            className="inline-form"
            onSubmit={(event) => {
              event.preventDefault();
              void reject.run();
            }}
          >
            <label htmlFor={`reason-${a.id}`} className="visually-hidden">
              Reason for {name}
            </label>
            <input
              id={`reason-${a.id}`}
              type="text"
              maxLength={500}
              placeholder="Reason (shown to the player)"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
            <button type="submit" className="secondary danger" disabled={reject.pending}>
              {reject.pending ? 'Rejecting…' : 'Reject'}
            </button>
            <button type="button" className="link-button" onClick={() => setRejecting(false)}>
              Keep
            </button>
          </form>
        )}
      </div>
      <div className="application-side">
        <span className={`status status-${a.status}`}>{a.status}</span>
        {open && undecided && !rejecting && (
          <>
            <button
              type="button"
              className="primary small"
              disabled={accept.pending}
              onClick={() => void accept.run()}
            >
              {accept.pending ? 'Accepting…' : 'Accept'}
            </button>
            <button type="button" className="secondary small" onClick={() => setRejecting(true)}>
              Reject…
            </button>
          </>
        )}
        {open && a.status === 'accepted' && !rejecting && (
          <button type="button" className="link-button" onClick={() => setRejecting(true)}>
            Remove…
          </button>
        )}
      </div>
    </li>
  );
}
