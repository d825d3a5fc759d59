/**
 * @module pages/Login
 * Log in by pasting an API token: the coordinator trades it for an HttpOnly,
 * SameSite=Strict session cookie (auth/sessions.service) and the page
 * forgets the token.
 */
import { useState } from 'preact/hooks';
import { ErrorBox } from '../components/bits';

export function Login({ error, onLogin }: { error: string | null; onLogin: (token: string) => Promise<void> }) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    await onLogin(token);
    setToken('');
    setBusy(false);
  };
  return (
    <main class="login">
      <h1>FL coordinator</h1>
      <form class="card form" onSubmit={submit} aria-label="log in">
        <label>
          API token{' '}
          <input name="token" type="password" autoComplete="off" required value={token} onInput={(e) => setToken(e.currentTarget.value)} placeholder="flt_…" />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
        <p class="muted">
          The first admin token is printed (or written to a file) when the coordinator starts for the first time; `npm run demo` prints it too. An admin can create more
          tokens on the Tokens page.
        </p>
        <ErrorBox error={error} />
      </form>
    </main>
  );
}
