import { useState, type FormEvent } from 'react';
import { formSummary } from '../api/problem';
import { Alert } from '../components/Alert';
import { Field } from '../components/Field';
import { useAction } from '../components/use-action';
import { Link } from '../router/router';
import { useSession } from '../session/SessionProvider';

const LABELS = { login: 'Login', displayName: 'Display name', password: 'Password' };
export function RegisterPage() {
  const session = useSession();
  const [login, setLogin] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const { run, pending, error } = useAction(async () => {
    // The server is the judge of what is valid; its answer is shown next to the inputs it names.
    // Signed in, the app leaves the form for the page asked for before, else home (App.tsx).
    await session.register({ login: login.trim(), displayName: displayName.trim(), password });
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run();
  };
  return (
    <main className="auth-page">
      <form className="card auth-card" onSubmit={submit} aria-labelledby="register-title">
        <h1 id="register-title">Create your account</h1>
        {error && <Alert>{formSummary(error, LABELS)}</Alert>}
        <Field
          label="Login"
          name="login"
          autoComplete="username"
          autoCapitalize="none"
          required
          hint="3–32 characters: lowercase letters, digits, _ . -"
          value={login}
          onChange={(e) => setLogin(e.target.value)}
          error={error?.messageFor('login')}
        />
        <Field
          label="Display name"
          name="displayName"
          autoComplete="nickname"
          required
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          error={error?.messageFor('displayName')}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          hint="At least 8 characters"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={error?.messageFor('password')}
        />
        <button type="submit" className="primary" disabled={pending}>
          {pending ? 'Creating account…' : 'Create account'}
        </button>
        <p className="auth-switch">
          Already have an account? <Link to="/login">Log in</Link>
        </p>
      </form>
    </main>
  );
}
