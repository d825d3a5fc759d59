/**
 * @module pages/Audit
 * The audit log (`GET /api/audit`, newest first): filter by actor token id
 * and by action, page back with the cursor the coordinator returns.
 */
import { useState } from 'preact/hooks';
import type { AuditEntry } from '@fl/protocol';
import { api } from '../api';
import { ErrorBox, Loading } from '../components/bits';
import { useAsync } from '../components/use-async';

const PAGE = 50;

export function Audit() {
  const [filter, setFilter] = useState({ actor: '', action: '' });
  const [draft, setDraft] = useState(filter);
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const before = cursors[cursors.length - 1];
  const page = useAsync(() => api.system.audit({ limit: PAGE, before, actor: filter.actor || undefined, action: filter.action || undefined }), [filter, before]);
  const apply = (e: Event) => {
    e.preventDefault();
    setFilter(draft);
    setCursors([undefined]);
  };
  return (
    <>
      <h2>Audit log</h2>
      <form class="card form" onSubmit={apply} aria-label="audit filter">
        <label>
          Actor token id <input name="actor" value={draft.actor} onInput={(e) => setDraft({ ...draft, actor: e.currentTarget.value })} placeholder="any" />
        </label>
        <label>
          Action <input name="action" value={draft.action} onInput={(e) => setDraft({ ...draft, action: e.currentTarget.value })} placeholder="e.g. jobs.start" />
        </label>
        <button type="submit">Filter</button>
      </form>
      <ErrorBox error={page.error} />
      {!page.value ? (
        !page.error && <Loading what="the audit log" />
      ) : page.value.entries.length === 0 ? (
        <p class="muted">No entries{filter.actor || filter.action ? ' match the filter' : ''}.</p>
      ) : (
        <table class="audit">
          <thead>
            <tr>
              <th>When</th>
              <th>Actor</th>
              <th>Action</th>
              <th>Target</th>
              <th>Result</th>
              <th>From</th>
            </tr>
          </thead>
          <tbody>
            {page.value.entries.map((e: AuditEntry) => (
              <tr key={e.id} data-action={e.action}>
                <td>{new Date(e.at).toLocaleString()}</td>
                <td title={e.actorTokenId ?? 'the coordinator'}>{e.actorName ?? e.actorTokenId ?? 'coordinator'}</td>
                <td>{e.action}</td>
                <td>
                  <code>{e.target ?? ''}</code>
                </td>
                <td class={e.result === 'ok' ? '' : 'error-inline'}>{e.result}</td>
                <td>{e.sourceAddress ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="actions">
        {cursors.length > 1 && (
          <button type="button" onClick={() => setCursors(cursors.slice(0, -1))}>
            Newer
          </button>
        )}{' '}
        {page.value?.next && (
          <button type="button" onClick={() => setCursors([...cursors, page.value!.next!])}>
            Older
          </button>
        )}
      </p>
    </>
  );
}
