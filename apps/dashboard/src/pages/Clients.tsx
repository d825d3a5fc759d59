/**
 * @module pages/Clients
 * Enrolled clients (live over the admin socket) with online state, last
 * seen, backend, software version (with the protocol version), rounds contributed and failures (from the jobs' histories,
 * read over REST when a round ends), and standing; suspend, resume and revoke (`clients:write`).
 * Enrollment tokens (docs/enrollment.md): create (the secret is shown once,
 * with copy-to-clipboard), list, revoke (`enrollment:*`).
 */
import { useState } from 'preact/hooks';
import type { CreatedEnrollmentToken, WhoAmI } from '@fl/protocol';
import { api } from '../api';
import { Badge, CopyButton, ErrorBox, Loading, Section } from '../components/bits';
import { attempt, useAsync } from '../components/use-async';
import type { LiveState } from '../logic/live-state';
import { ago } from '../logic/format';
import { contributions } from '../logic/contributions';
import { versionCell } from '../logic/client-version';
import { can } from '../session';

export function Clients({ live, me }: { live: LiveState; me: WhoAmI }) {
  const [error, setError] = useState<string | null>(null);
  const act = async (what: 'suspend' | 'resume' | 'revoke', id: string) => {
    if (what === 'revoke' && !confirm('Revoke this client for good? It must enroll again with a new token.')) return;
    setError(await attempt(() => api.clients[what](id)));
  };
  const clients = live.clients;
  // Contributions need every job's history: read once, again when rounds end or attempts begin.
  const moved = [...live.last.values()].reduce((n, u) => n + u.job.completedRounds + u.attempts, 0);
  const history = useAsync(() => api.jobs.list(), [moved]);
  const done = contributions(history.value ?? []); // shown once read
  return (
    <>
      <Section title="Enrolled clients">
        <ErrorBox error={error} />
        {history.error && <p class="error">Rounds contributed are unknown: {history.error}</p>}
        {clients === null ? (
          <Loading what="clients" />
        ) : clients.length === 0 ? (
          <p class="muted">No client has enrolled yet. Create an enrollment token below and start `fl-client --enroll-token …`.</p>
        ) : (
          <table class="clients">
            <thead>
              <tr>
                <th>Name</th>
                <th>Online</th>
                <th>Last seen</th>
                <th>Dataset</th>
                <th title="TF.js backend it trains with">Backend</th>
                <th title="Software version it registered with (protocol version in the tooltip)">Version</th>
                <th title="Completed rounds with its update in the aggregate, over the jobs on this coordinator">Rounds</th>
                <th title="Failures recorded against it: refused messages, drops, timeouts">Failures</th>
                <th>Standing</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {clients.map((c) => (
                <tr key={c.id} data-client={c.name}>
                  <td title={c.id}>{c.name}</td>
                  <td>{c.connected ? <Badge value={c.currentTaskId ? 'busy' : 'online'} /> : <Badge value="offline" />}</td>
                  <td>{c.connected ? 'now' : ago(c.lastSeenAt)}</td>
                  <td>
                    {c.dataset} ({c.numExamples.toLocaleString('en-US')} examples)
                  </td>
                  <td data-backend>
                    {c.backend}
                    {c.hasSigningKey ? '' : ', no signing key'}
                  </td>
                  <td data-client-version title={versionCell(c).title}>
                    {versionCell(c).text}
                  </td>
                  {history.value === null ? (
                    // not "0" while the histories are still being read
                    <>
                      <td class="muted">…</td>
                      <td class="muted">…</td>
                    </>
                  ) : (
                    <>
                      <td data-rounds>{done.get(c.id)?.rounds ?? 0}</td>
                      <td title={done.get(c.id)?.codes.join(', ')}>{done.get(c.id)?.failures ?? 0}</td>
                    </>
                  )}
                  <td>
                    <Badge value={c.status} />
                  </td>
                  <td>
                    {can(me, 'clients:write') && c.status !== 'revoked' && (
                      <>
                        {c.status === 'active' ? (
                          <button type="button" onClick={() => act('suspend', c.id)}>
                            Suspend
                          </button>
                        ) : (
                          <button type="button" onClick={() => act('resume', c.id)}>
                            Resume
                          </button>
                        )}{' '}
                        <button type="button" onClick={() => act('revoke', c.id)}>
                          Revoke
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      {can(me, 'enrollment:read') && <EnrollmentTokens me={me} />}
    </>
  );
}

function EnrollmentTokens({ me }: { me: WhoAmI }) {
  const list = useAsync(() => api.enrollmentTokens.list(), []);
  const [created, setCreated] = useState<CreatedEnrollmentToken | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [f, setF] = useState({ label: '', maxUses: '1', clientName: '', dataset: '' });
  const set = (k: keyof typeof f) => (e: Event) => setF({ ...f, [k]: (e.currentTarget as HTMLInputElement).value });
  const create = async (e: Event) => {
    e.preventDefault();
    setError(
      await attempt(async () =>
        setCreated(
          await api.enrollmentTokens.create({
            ...(f.label ? { label: f.label } : {}),
            maxUses: Number(f.maxUses),
            ...(f.clientName ? { clientName: f.clientName } : {}),
            ...(f.dataset ? { dataset: f.dataset } : {}),
          }),
        ),
      ),
    );
    list.reload();
  };
  const revoke = async (id: string) => {
    setError(await attempt(() => api.enrollmentTokens.revoke(id)));
    list.reload();
  };
  return (
    <Section title="Enrollment tokens">
      {can(me, 'enrollment:write') && (
        <form class="card form" onSubmit={create} aria-label="new enrollment token">
          <label>
            Label <input name="label" value={f.label} onInput={set('label')} placeholder="site or batch" />
          </label>
          <label>
            Uses <input name="maxUses" type="number" min={1} value={f.maxUses} onInput={set('maxUses')} />
          </label>
          <label>
            Only client name <input name="clientName" value={f.clientName} onInput={set('clientName')} placeholder="any" />
          </label>
          <label>
            Only dataset <input name="dataset" value={f.dataset} onInput={set('dataset')} placeholder="any" />
          </label>
          <button type="submit">Create enrollment token</button>
        </form>
      )}
      {created && (
        <p class="secret" data-secret-for={created.id}>
          New token (shown once): <code data-secret>{created.secret}</code> <CopyButton text={created.secret} />
        </p>
      )}
      <ErrorBox error={error ?? list.error} />
      {list.value ? (
        <table class="enrollment-tokens">
          <thead>
            <tr>
              <th>Label</th>
              <th>Uses</th>
              <th>Bound to</th>
              <th>Expires</th>
              <th>State</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.value.map((t) => (
              <tr key={t.id} data-token={t.id}>
                <td title={t.id}>{t.label || t.id}</td>
                <td>
                  {t.uses}/{t.maxUses}
                </td>
                <td>{[t.clientName && `name ${t.clientName}`, t.dataset && `dataset ${t.dataset}`].filter(Boolean).join(', ') || 'any client'}</td>
                <td>{new Date(t.expiresAt).toLocaleString()}</td>
                <td>
                  <Badge value={t.revokedAt ? 'revoked' : Date.parse(t.expiresAt) < Date.now() ? 'expired' : t.uses >= t.maxUses ? 'used' : 'active'} />
                </td>
                <td>
                  {can(me, 'enrollment:write') && !t.revokedAt && (
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
        !list.error && <Loading what="enrollment tokens" />
      )}
    </Section>
  );
}
