import { Link } from '../router/router';

export function NotFoundPage({ reason }: { reason: 'missing' | 'forbidden' }) {
  return (
    <main className="page narrow">
      <h1>{reason === 'forbidden' ? 'Not allowed' : 'Page not found'}</h1>
      <p>
        {reason === 'forbidden'
          ? 'This page is for administrators only.'
          : 'There is nothing at this address.'}
      </p>
      <p>
        <Link to="/">Back to home</Link>
      </p>
    </main>
  );
}
