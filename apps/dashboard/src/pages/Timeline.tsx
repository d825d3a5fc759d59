/**
 * @module pages/Timeline
 * The live round timeline of one attempt: one row per cohort member with
 * every step it took (offered, accepted, downloading, training, uploaded, each
 * secure-aggregation stage, aggregated, or how it left, with the code), and
 * secure-aggregation survivors against the threshold t per stage, under a
 * legend of the states.
 */
import type { RoundView } from '@fl/protocol';
import { Badge } from '../components/bits';
import { legend, stageSurvivors, stateCounts, timelineRows } from '../logic/timeline';
import { seconds } from '../logic/format';

export function Timeline({ round, names }: { round: RoundView; names: ReadonlyMap<string, string> }) {
  const rows = timelineRows(round, names);
  const sa = round.secureAggregation;
  return (
    <div class="timeline" data-round={round.round} data-attempt={round.attempt}>
      <p>
        Round {round.round}, attempt {round.attempt}: <Badge value={round.phase} /> {round.seconds !== null && <>in {seconds(round.seconds)}</>}
        {round.failureReason && <span class="error-inline"> — {round.failureReason}</span>}
      </p>
      {rows.length === 0 ? (
        <p class="muted">No cohort yet (the round is waiting for eligible clients).</p>
      ) : (
        <>
          <p class="muted">{stateCounts(rows).map(([s, n]) => `${n} ${s}`).join(' · ')}</p>
          <table class="members">
            <thead>
              <tr>
                <th>Client</th>
                <th>Now</th>
                <th>Steps (seconds since the attempt began)</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.clientId} data-member={r.name} data-stages={r.stages.join(' ')} data-state={r.state}>
                  <td title={r.clientId}>{r.name}</td>
                  <td>
                    <Badge value={r.state} title={r.code ?? undefined} />
                    {r.code && <code> {r.code}</code>}
                  </td>
                  <td class="steps">
                    {r.steps.map((s, i) => (
                      <span class={`step st-${s.state}`} key={i} title={`${s.state}${s.code ? ` (${s.code})` : ''} at ${(s.at / 1000).toFixed(2)} s`}>
                        {s.state}
                        <small>{(s.at / 1000).toFixed(1)}</small>
                      </span>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <details class="legend">
            <summary>States</summary>
            <ul>
              {legend().map((l) => (
                <li key={l.state} data-legend={l.state}>
                  <span class={`step st-${l.state}`}>{l.state}</span> {l.meaning}
                </li>
              ))}
            </ul>
          </details>
        </>
      )}
      {sa && (
        <table class="survivors" aria-label="secure aggregation survivors">
          <thead>
            <tr>
              <th>Stage</th>
              <th>Answered</th>
              <th>Threshold t</th>
              <th>Took</th>
            </tr>
          </thead>
          <tbody>
            {stageSurvivors(sa).map((s) => (
              <tr key={s.stage} data-stage={s.stage} class={s.current ? 'current' : s.enough === false ? 'short' : ''}>
                <td>{s.stage}</td>
                <td>{s.survivors ?? (s.current ? 'collecting…' : '–')}</td>
                <td>
                  {s.t} {s.enough === false && <b class="error-inline">below t</b>}
                </td>
                <td>{seconds(s.seconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {sa && (
        <p class="muted">
          n = {sa.n}, k = {sa.k}, t = {sa.t}, {sa.threatModel} threat model; {sa.dropped} dropped after sharing keys
          {sa.maxClipFraction !== null && <>, largest clip fraction {(100 * sa.maxClipFraction).toFixed(1)} %</>}
        </p>
      )}
    </div>
  );
}
