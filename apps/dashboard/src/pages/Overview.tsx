/**
 * @module pages/Overview
 * Jobs with their state and progress, the current round of each running
 * job, connected and enrolled clients, and the serving model. Jobs and
 * clients are live (the admin socket); the serving model is read again
 * whenever a job completes a round.
 */
import type { WhoAmI } from '@fl/protocol';
import { api } from '../api';
import { Badge, ErrorBox, Loading, Progress, Section } from '../components/bits';
import { useAsync } from '../components/use-async';
import { jobsNewestFirst, type LiveState } from '../logic/live-state';
import { latestAttempt } from '../logic/timeline';
import { num } from '../logic/format';
import { can } from '../session';
import { NewJob } from './NewJob';

export function Overview({ live, me }: { live: LiveState; me: WhoAmI }) {
  const jobs = jobsNewestFirst(live);
  const roundsDone = jobs.reduce((n, j) => n + j.completedRounds, 0);
  const serving = useAsync(() => api.models.list().then((v) => v.find((m) => m.serving) ?? null), [roundsDone]);
  const clients = live.clients;
  const connected = clients?.filter((c) => c.connected).length ?? 0;
  return (
    <>
      <div class="cards">
        <div class="card stat" data-stat="clients">
          <h3>Clients</h3>
          {clients === null ? (
            <p class="muted">Waiting for the client list…</p>
          ) : (
            <p>
              <b data-connected>{connected}</b> connected of <b data-enrolled>{clients.filter((c) => c.status !== 'revoked').length}</b> enrolled
              {clients.some((c) => c.status === 'suspended') && <> ({clients.filter((c) => c.status === 'suspended').length} suspended)</>}
            </p>
          )}
        </div>
        <div class="card stat" data-stat="serving">
          <h3>Serving model</h3>
          <ErrorBox error={serving.error} />
          {serving.value ? (
            <p>
              <a href="/models">{serving.value.name ?? serving.value.id.slice(0, 8)}</a> — round {serving.value.round}
              {serving.value.metrics?.evalAccuracy != null && <>, eval accuracy {num(serving.value.metrics.evalAccuracy)}</>}
            </p>
          ) : serving.loading ? (
            <p class="muted">Loading…</p>
          ) : (
            !serving.error && <p class="muted">No version is serving yet.</p>
          )}
        </div>
      </div>
      <Section title="Jobs">
        {live.connection === 'connecting' && jobs.length === 0 ? (
          <Loading what="jobs" />
        ) : jobs.length === 0 ? (
          <p class="muted">No jobs yet.{can(me, 'jobs:write') ? ' Create one below.' : ''}</p>
        ) : (
          <table class="jobs">
            <thead>
              <tr>
                <th>Job</th>
                <th>Status</th>
                <th>Progress</th>
                <th>Current round</th>
                <th>Aggregation</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((j) => {
                const cur = latestAttempt(j.rounds, j.currentRound);
                return (
                  <tr key={j.id} data-job={j.id}>
                    <td>
                      <a href={`/jobs/${encodeURIComponent(j.id)}`}>{j.config.name || j.id.slice(0, 8)}</a>
                    </td>
                    <td>
                      <Badge value={j.status} title={j.statusReason ?? undefined} />
                    </td>
                    <td>
                      <Progress done={j.completedRounds} total={j.config.rounds} />
                    </td>
                    <td>{cur && j.status === 'running' ? `${cur.round}.${cur.attempt} ${cur.phase}${cur.secureAggregation?.stage ? ` (${cur.secureAggregation.stage})` : ''}` : '–'}</td>
                    <td>{j.config.secureAggregation.enabled ? `secure (${j.config.secureAggregation.threatModel})` : 'plain'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </Section>
      {can(me, 'jobs:write') && <NewJob />}
    </>
  );
}
