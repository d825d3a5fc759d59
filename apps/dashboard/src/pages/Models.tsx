/**
 * @module pages/Models
 * The model registry: versions as a lineage tree (each version under its
 * parent), with training metrics, federated and centralized evaluation
 * (docs/evaluation.md), parameter count and hash; download in the TF.js
 * format; promote to serving and import (roles with `models:write`). Read again when a
 * job completes a round (a new version), when a centralized evaluation is
 * recorded, or after a promotion.
 */
import { useState } from 'preact/hooks';
import type { ModelVersionView, WhoAmI } from '@fl/protocol';
import { api } from '../api';
import { Badge, ErrorBox, Loading } from '../components/bits';
import { attempt, useAsync } from '../components/use-async';
import type { LiveState } from '../logic/live-state';
import { num } from '../logic/format';
import { lineage } from '../logic/lineage';
import { versionEvaluation } from '../logic/evaluation-data';
import { ModelImport } from './ModelImport';
import { can } from '../session';

export function Models({ live, me }: { live: LiveState; me: WhoAmI }) {
  const roundsDone = [...live.jobs.values()].reduce((n, j) => n + j.completedRounds, 0);
  const evaluated = [...live.evaluated.values()].reduce((n, k) => n + k, 0);
  const list = useAsync(() => api.models.list(), [roundsDone, evaluated]);
  const [error, setError] = useState<string | null>(null);
  const promote = async (id: string) => {
    setError(await attempt(() => api.models.promote(id)));
    list.reload();
  };
  const importer = can(me, 'models:write') && <ModelImport onImported={list.reload} />;
  if (!list.value)
    return (
      <>
        {list.error ? <ErrorBox error={list.error} /> : <Loading what="model versions" />}
        {importer}
      </>
    );
  return (
    <>
      <h2>Model versions</h2>
      {importer}
      <ErrorBox error={error ?? list.error} />
      {list.value.length === 0 ? (
        <p class="muted">No versions yet: a job's initial model and every completed round add one.</p>
      ) : (
        <table class="models">
          <thead>
            <tr>
              <th>Version (lineage)</th>
              <th>Job / round</th>
              <th>Training metrics</th>
              <th>Evaluation</th>
              <th>Parameters</th>
              <th>Hash</th>
              <th>TF.js</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {lineage(list.value).map(({ v, depth }) => (
              <tr key={v.id} data-version={v.id} data-round={v.round}>
                <td style={{ paddingLeft: `${0.5 + depth * 1.2}em` }} title={v.id}>
                  {depth > 0 ? '└ ' : ''}
                  {v.name ?? v.id.slice(0, 8)} {v.serving && <Badge value="serving" />} {v.secureAggregation && <Badge value="secure" />}
                </td>
                <td>{v.jobId ? `${v.jobId.slice(0, 8)} / ${v.round}` : 'imported'}</td>
                <td>
                  {v.metrics ? `loss ${num(v.metrics.trainLoss)}, acc ${num(v.metrics.trainAccuracy)}` : '–'}
                </td>
                <EvaluationCell v={v} />
                <td>{v.parameterCount.toLocaleString('en-US')}</td>
                <td>
                  <code title={v.hash}>{v.hash.slice(0, 12)}</code>
                </td>
                <td>
                  {v.hasTopology ? (
                    <>
                      <a href={`/api/models/${v.id}/tfjs/model.json`} download="model.json">
                        model.json
                      </a>{' '}
                      <a href={`/api/models/${v.id}/tfjs/weights.bin`} download="weights.bin">
                        weights.bin
                      </a>
                    </>
                  ) : (
                    <span class="muted">layout only</span>
                  )}
                </td>
                <td>
                  {can(me, 'models:write') && v.hasTopology && !v.serving && (
                    <button type="button" data-action="promote" onClick={() => promote(v.id)}>
                      Promote
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function EvaluationCell({ v }: { v: ModelVersionView }) {
  const e = versionEvaluation(v);
  if (!e.federated && !e.centralized) return <td class="muted">–</td>;
  return (
    <td data-evaluation>
      {e.federated && <div data-federated>{e.federated}</div>}
      {e.centralized && <div data-centralized class={v.centralizedEval?.status === 'failed' ? 'error-inline' : ''}>{e.centralized}</div>}
    </td>
  );
}
