/**
 * @module pages/NewJob
 * Creates a job (`POST /api/jobs`) from the few fields an admin usually
 * sets (including the centralized evaluation data, docs/evaluation.md); the coordinator fills in and validates everything else
 * (jobs/job-config), and its refusal is shown in words.
 */
import { useState } from 'preact/hooks';
import { BUILTIN_MODELS, type BuiltinModel, type CreateJobRequest } from '@fl/protocol';
import { api } from '../api';
import { attempt } from '../components/use-async';
import { ErrorBox } from '../components/bits';
import { navigate } from '../router';

export function NewJob() {
  const [f, setF] = useState({ name: '', model: 'mnist-cnn' as BuiltinModel, dataset: 'mnist', rounds: '5', clientsPerRound: '3', minClients: '3', evalData: '', secure: true, start: true });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof f) => (e: Event) => {
    const t = e.currentTarget as HTMLInputElement;
    setF({ ...f, [k]: t.type === 'checkbox' ? t.checked : t.value });
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    const req: CreateJobRequest = {
      ...(f.name ? { name: f.name } : {}),
      model: { builtin: f.model },
      dataset: f.dataset,
      rounds: Number(f.rounds),
      clientsPerRound: Number(f.clientsPerRound),
      minClients: Number(f.minClients),
      secureAggregation: { enabled: f.secure },
      ...(f.evalData.trim() ? { evalData: f.evalData.trim() } : {}),
    };
    let id = '';
    const err = await attempt(async () => {
      id = (await api.jobs.create(req)).id;
      if (f.start) await api.jobs.start(id);
    });
    setBusy(false);
    setError(err);
    if (id) navigate(`/jobs/${encodeURIComponent(id)}`);
  };
  return (
    <form class="card form" onSubmit={submit} aria-label="new job">
      <h3>New job</h3>
      <label>
        Name <input name="name" value={f.name} onInput={set('name')} placeholder="optional" />
      </label>
      <label>
        Model{' '}
        <select name="model" value={f.model} onChange={set('model')}>
          {BUILTIN_MODELS.filter((m) => m !== 'synthetic').map((m) => (
            <option value={m}>{m}</option>
          ))}
        </select>
      </label>
      <label>
        Dataset <input name="dataset" value={f.dataset} onInput={set('dataset')} required />
      </label>
      <label>
        Rounds <input name="rounds" type="number" min={1} value={f.rounds} onInput={set('rounds')} />
      </label>
      <label>
        Clients per round <input name="clientsPerRound" type="number" min={1} value={f.clientsPerRound} onInput={set('clientsPerRound')} />
      </label>
      <label>
        Min clients <input name="minClients" type="number" min={1} value={f.minClients} onInput={set('minClients')} />
      </label>
      <label title="A held-out dataset the coordinator evaluates each round's model on (docs/evaluation.md), e.g. mnist?tail=2000">
        Centralized evaluation data <input name="evalData" value={f.evalData} onInput={set('evalData')} placeholder="none" />
      </label>
      <label>
        <input name="secure" type="checkbox" checked={f.secure} onChange={set('secure')} /> secure aggregation
      </label>
      <label>
        <input name="start" type="checkbox" checked={f.start} onChange={set('start')} /> start at once
      </label>
      <button type="submit" disabled={busy}>
        {busy ? 'Creating…' : 'Create job'}
      </button>
      <ErrorBox error={error} />
    </form>
  );
}
