import { Link } from '../router/router';

export function NotFoundPage({
  reason,
  who = 'administrators',
}: {
  reason: 'missing' | 'forbidden';
  who?: string;
}) {
  return (
    <main className="page narrow">
      <h1>{reason === 'forbidden' ? 'Not allowed' : 'Page not found'}</h1>
      <p>{reason === 'forbidden' ? `This page is for ${who} only.` : 'There is nothing at this address.'}</p>
      <p>
        <Link to="/">Back to home</Link>
      </p>
    </main>
  );
}
