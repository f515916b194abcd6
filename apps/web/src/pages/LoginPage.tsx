import { useState, type FormEvent } from 'react';
import { formSummary } from '../api/problem';
import { Alert } from '../components/Alert';
import { Field } from '../components/Field';
import { useAction } from '../components/use-action';
import { Link } from '../router/router';
import { useSession } from '../session/SessionProvider';

const LABELS = { login: 'Login', password: 'Password' };
export function LoginPage() {
  const session = useSession();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const { run, pending, error } = useAction(async () => {
    // Signed in, the app leaves the form for the page of a forced re-login, else home (App.tsx).
    await session.login(login.trim(), password);
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run();
  };
  return (
    <main className="auth-page">
      <form className="card auth-card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">Log in</h1>
        {session.notice && !error && <Alert kind="info">{session.notice}</Alert>}
        {error && <Alert>{formSummary(error, LABELS)}</Alert>}
        <Field
          label="Login"
          name="login"
          autoComplete="username"
          autoCapitalize="none"
          required
          value={login}
          onChange={(e) => setLogin(e.target.value)}
          error={error?.messageFor('login')}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={error?.messageFor('password')}
        />
        <button type="submit" className="primary" disabled={pending}>
          {pending ? 'Logging in…' : 'Log in'}
        </button>
        <p className="auth-switch">
          New to Garrison? <Link to="/register">Create an account</Link>
        </p>
      </form>
    </main>
  );
}
