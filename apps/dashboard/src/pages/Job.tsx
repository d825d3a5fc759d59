/**
 * @module pages/Job
 * One job, live: the round timeline (pick any attempt; the newest is
 * followed), charts per round (training loss and accuracy, duration,
 * straggler latency: fastest / median / slowest finisher per round, and the
 * shown attempt's finishers in order), evaluation (pages/Evaluation), the
 * configuration (strategy, secure-aggregation parameters), start / stop for
 * roles that may, and the failure reasons of failed attempts. The history
 * is read over REST when the page opens and when a live event leaves it
 * behind (live useJobHistory).
 */
import { useState } from 'preact/hooks';
import type { JobView, WhoAmI } from '@fl/protocol';
import { api } from '../api';
import { Badge, ErrorBox, Loading, Progress, Section } from '../components/bits';
import { LineChart } from '../components/LineChart';
import { attempt } from '../components/use-async';
import { useJobHistory, type Dispatch } from '../live';
import { finishTimes, metricSeries, stragglerSeries } from '../logic/chart-data';
import type { LiveState } from '../logic/live-state';
import { can } from '../session';
import { Timeline } from './Timeline';
import { Evaluation } from './Evaluation';

export function Job({ id, live, dispatch, me }: { id: string; live: LiveState; dispatch: Dispatch; me: WhoAmI }) {
  const error = useJobHistory(id, live, dispatch);
  const job = live.jobs.get(id);
  if (!job) return error ? <ErrorBox error={error} /> : <Loading what={`job ${id}`} />;
  return <JobBody job={job} live={live} me={me} />;
}

function JobBody({ job, live, me }: { job: JobView; live: LiveState; me: WhoAmI }) {
  const [picked, setPicked] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const names = new Map((live.clients ?? []).map((c) => [c.id, c.name]));
  const shown = picked !== null ? job.rounds[picked] : job.rounds[job.rounds.length - 1];
  const charts = metricSeries(job);
  const act = async (what: 'start' | 'stop') => setError(await attempt(() => (what === 'start' ? api.jobs.start(job.id) : api.jobs.stop(job.id))));
  const c = job.config;
  const sa = c.secureAggregation;
  const failed = job.rounds.filter((r) => r.phase === 'failed');
  return (
    <>
      <h2>
        {c.name || job.id} <Badge value={job.status} /> <Progress done={job.completedRounds} total={c.rounds} />
      </h2>
      {job.statusReason && <p class={job.status === 'failed' ? 'error' : 'muted'}>{job.statusReason}</p>}
      {can(me, 'jobs:write') && (
        <p class="actions">
          {(job.status === 'created' || job.status === 'stopped') && (
            <button type="button" data-action="start" onClick={() => act('start')}>
              Start
            </button>
          )}
          {(job.status === 'created' || job.status === 'running') && (
            <button type="button" data-action="stop" onClick={() => act('stop')}>
              Stop
            </button>
          )}
        </p>
      )}
      <ErrorBox error={error} />
      <Section title="Round timeline">
        {job.rounds.length > 1 && (
          <p class="tabs">
            {job.rounds.map((r, i) => (
              <button type="button" key={i} data-pick={`${r.round}.${r.attempt}`} class={shown === r ? 'on' : ''} onClick={() => setPicked(i === job.rounds.length - 1 ? null : i)}>
                {r.round}.{r.attempt}
              </button>
            ))}
          </p>
        )}
        {shown ? <Timeline round={shown} names={names} /> : <p class="muted">No round has started{job.status === 'created' ? ': the job is not started yet' : ''}.</p>}
      </Section>
      <Section title="Metrics per round">
        <div class="charts">
          <LineChart id="accuracy" title="Training accuracy" series={charts.accuracy} />
          <LineChart id="loss" title="Training loss" series={charts.loss} />
          <LineChart id="duration" title="Round duration" series={charts.duration} unit=" s" />
          <LineChart id="finish-times" title="Client finish times per round" series={stragglerSeries(job)} unit=" s" />
          {shown && <LineChart id="stragglers" title={`Update arrival, round ${shown.round}.${shown.attempt} (n-th finisher)`} series={[finishTimes(shown)]} unit=" s" />}
        </div>
      </Section>
      <Evaluation job={job} evaluated={live.evaluated.get(job.id) ?? 0} names={names} />
      {failed.length > 0 && (
        <Section title="Failed attempts">
          <ul class="failures">
            {failed.map((r) => (
              <li key={`${r.round}.${r.attempt}`}>
                {r.round}.{r.attempt}: {r.failureReason}
              </li>
            ))}
          </ul>
        </Section>
      )}
      <Section title="Configuration">
        <dl class="config">
          <dt>Model</dt>
          <dd>{c.model.builtin ?? (c.model.version ? `version ${c.model.version}` : 'custom layers')} — {job.parameterCount.toLocaleString('en-US')} parameters</dd>
          <dt>Dataset</dt>
          <dd>{c.dataset}</dd>
          <dt>Rounds</dt>
          <dd>
            {c.rounds}, {c.clientsPerRound} clients per round (min {c.minClients}, over-selection {Math.round(c.overSelection * 100)} %), deadline {c.roundDeadlineSeconds} s
          </dd>
          <dt>Local training</dt>
          <dd>
            {c.localEpochs} epoch(s), batch {c.batchSize}, learning rate {c.learningRate}
            {c.momentum ? `, momentum ${c.momentum}` : ''}
          </dd>
          <dt>Strategy</dt>
          <dd>
            {Object.entries(c.strategy)
              .map(([k, v]) => (k === 'name' ? String(v) : `${k} ${v}`))
              .join(', ')}
          </dd>
          <dt>Secure aggregation</dt>
          <dd>{sa.enabled ? `on: ${sa.graph} graph, ${sa.threatModel} threat model, expected dropout ${sa.expectedDropout}, corruption ${sa.corruption}, clip ${sa.clip}, stage timeout ${sa.stageTimeoutSeconds} s` : 'off (plain updates)'}</dd>
          <dt>Evaluation</dt>
          <dd>
            {c.evaluate ? `federated, every ${c.evaluateEvery ?? 1} round(s) and the last` : 'no federated evaluation'}; {c.evalData ? `centralized on ${c.evalData}` : 'no centralized evaluation'}
          </dd>
          <dt>Privacy budget</dt>
          {job.privacy ? (
            <dd data-privacy>
              ε {job.privacy.epsilonSpent.toFixed(3)} spent of {job.privacy.budgetEpsilon} at δ {job.privacy.delta} after {job.privacy.steps} round(s) (next round: {job.privacy.nextEpsilon.toFixed(3)}); {job.privacy.mode === 'distributed-ddg' ? 'distributed discrete Gaussian noise under secure aggregation' : 'central Gaussian noise added by the coordinator (trusted server)'}, noise multiplier {job.privacy.noiseMultiplier.toFixed(3)}, clip {job.privacy.clip}, sampling rate {job.privacy.samplingRate}
            </dd>
          ) : (
            <dd class="muted">no differential privacy for this job</dd>
          )}
          <dt>Quarantined clients</dt>
          {job.quarantined && job.quarantined.length > 0 ? (
            <dd data-quarantined>
              {job.quarantined.map((q) => `${q.clientId} (round ${q.round}.${q.attempt}: ${q.reason})`).join('; ')}
            </dd>
          ) : (
            <dd class="muted">none</dd>
          )}
          <dt>Screened suspects</dt>
          {job.suspects && job.suspects.length > 0 ? (
            <dd data-suspects title="In a secure sum that was refused and not in a completed attempt since: held back from cohorts unless needed. Not a conviction.">
              {job.suspects.map((s) => `${s.clientId} (round ${s.round}.${s.attempt}: ${s.code})`).join('; ')}
            </dd>
          ) : (
            <dd class="muted">none</dd>
          )}
        </dl>
      </Section>
    </>
  );
}
