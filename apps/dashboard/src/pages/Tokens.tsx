/**
 * @module pages/Tokens
 * Admin API tokens (admins only: `tokens:*`): create with a role and an
 * optional lifetime (the secret is shown once), list, revoke. A revoked
 * token's sessions and admin sockets end at once (auth/token-events).
 */
import { useState } from 'preact/hooks';
import { ROLES, type CreatedApiToken, type Role } from '@fl/protocol';
import { api } from '../api';
import { Badge, CopyButton, ErrorBox, Loading } from '../components/bits';
import { attempt, useAsync } from '../components/use-async';
import { ago } from '../logic/format';

export function Tokens() {
  const list = useAsync(() => api.tokens.list(), []);
  const [f, setF] = useState({ name: '', role: 'viewer' as Role, hours: '' });
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [error, setError] = useState<string | null>(null);
  const create = async (e: Event) => {
    e.preventDefault();
    setError(await attempt(async () => setCreated(await api.tokens.create({ name: f.name, role: f.role, ...(f.hours ? { expiresInSeconds: Math.round(Number(f.hours) * 3600) } : {}) }))));
    list.reload();
  };
  const revoke = async (id: string) => {
    if (!confirm('Revoke this token? Its sessions end at once.')) return;
    setError(await attempt(() => api.tokens.revoke(id)));
    list.reload();
  };
  return (
    <>
      <h2>API tokens</h2>
      <form class="card form" onSubmit={create} aria-label="new API token">
        <label>
          Name <input name="name" required value={f.name} onInput={(e) => setF({ ...f, name: e.currentTarget.value })} />
        </label>
        <label>
          Role{' '}
          <select name="role" value={f.role} onChange={(e) => setF({ ...f, role: e.currentTarget.value as Role })}>
            {ROLES.map((r) => (
              <option value={r}>{r}</option>
            ))}
          </select>
        </label>
        <label>
          Expires in (hours) <input name="hours" type="number" min={0} step="any" value={f.hours} onInput={(e) => setF({ ...f, hours: e.currentTarget.value })} placeholder="never" />
        </label>
        <button type="submit">Create token</button>
      </form>
      {created && (
        <p class="secret" data-secret-for={created.id}>
          New {created.role} token “{created.name}” (shown once): <code data-secret>{created.secret}</code> <CopyButton text={created.secret} />
        </p>
      )}
      <ErrorBox error={error ?? list.error} />
      {list.value ? (
        <table class="tokens">
          <thead>
            <tr>
              <th>Name</th>
              <th>Role</th>
              <th>Created</th>
              <th>Last used</th>
              <th>Expires</th>
              <th>State</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.value.map((t) => (
              <tr key={t.id} data-token={t.name}>
                <td title={t.id}>{t.name}</td>
                <td>{t.role}</td>
                <td>{ago(t.createdAt)}</td>
                <td>{ago(t.lastUsedAt)}</td>
                <td>{t.expiresAt ? new Date(t.expiresAt).toLocaleString() : 'never'}</td>
                <td>
                  <Badge value={t.revokedAt ? 'revoked' : 'active'} />
                </td>
                <td>
                  {!t.revokedAt && (
                    <button type="button" onClick={() => revoke(t.id)}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        !list.error && <Loading what="tokens" />
      )}
    </>
  );
}
