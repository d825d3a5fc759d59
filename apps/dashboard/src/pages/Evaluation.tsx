/**
 * @module pages/Evaluation
 * The Job page's evaluation section (docs/evaluation.md): federated and
 * centralized accuracy and loss per round as separate series, centralized
 * failures in words, and a picked round's per-client results. Read from
 * `GET /api/jobs/:id/evaluations` when the page opens, when a round
 * completes (its federated results come with it) and when the admin socket
 * says a centralized evaluation was recorded.
 */
import { useState } from 'preact/hooks';
import type { JobView } from '@fl/protocol';
import { api } from '../api';
import { ErrorBox, Loading, Section } from '../components/bits';
import { LineChart } from '../components/LineChart';
import { useAsync } from '../components/use-async';
import { centralizedFailures, clientRows, evaluationSeries, roundsWithClients } from '../logic/evaluation-data';
import { count, num } from '../logic/format';

export function Evaluation({ job, evaluated, names }: { job: JobView; evaluated: number; names: ReadonlyMap<string, string> }) {
  const c = job.config;
  const ev = useAsync(() => (c.evaluate || c.evalData ? api.jobs.evaluations(job.id) : Promise.resolve(null)), [job.id, job.completedRounds, evaluated]);
  const [picked, setPicked] = useState<number | null>(null);
  if (!c.evaluate && !c.evalData) return null;
  const body = () => {
    if (!ev.value) return ev.error ? <ErrorBox error={ev.error} /> : <Loading what="evaluation results" />;
    const s = evaluationSeries(ev.value);
    const failures = centralizedFailures(ev.value);
    const rounds = roundsWithClients(ev.value);
    const round = picked !== null && rounds.includes(picked) ? picked : (rounds[rounds.length - 1] ?? null);
    const rows = round === null ? [] : clientRows(ev.value, round, names);
    return (
      <>
        <ErrorBox error={ev.error} />
        <div class="charts">
          <LineChart id="eval-accuracy" title="Evaluation accuracy" series={s.accuracy} empty="No evaluated round yet." />
          <LineChart id="eval-loss" title="Evaluation loss" series={s.loss} empty="No evaluated round yet." />
        </div>
        {failures.length > 0 && (
          <ul class="failures" data-central-failures>
            {failures.map((f) => (
              <li key={f.round}>
                Round {f.round}: centralized evaluation failed: {f.error}
              </li>
            ))}
          </ul>
        )}
        {round !== null && (
          <>
            <h3>Per-client results, round {round}</h3>
            {rounds.length > 1 && (
              <p class="tabs">
                {rounds.map((r) => (
                  <button type="button" key={r} data-eval-round={r} class={r === round ? 'on' : ''} onClick={() => setPicked(r)}>
                    {r}
                  </button>
                ))}
              </p>
            )}
            <table class="client-evals">
              <thead>
                <tr>
                  <th>Client</th>
                  <th>Test examples</th>
                  <th>Loss</th>
                  <th>Accuracy</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.clientId} data-client={r.clientId}>
                    <td title={r.clientId}>{r.name}</td>
                    <td>{count(r.numExamples)}</td>
                    <td>{num(r.loss)}</td>
                    <td>{num(r.accuracy)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </>
    );
  };
  return (
    <Section title="Evaluation">
      <p class="muted">
        {c.evaluate ? `Federated: the cohort on its local test splits, every ${ev.value?.evaluateEvery ?? c.evaluateEvery ?? 1} round(s) and the last. ` : 'No federated evaluation. '}
        {c.evalData ? `Centralized: the coordinator on ${c.evalData}.` : 'No centralized evaluation (no evalData).'}
      </p>
      {body()}
    </Section>
  );
}
