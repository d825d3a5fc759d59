/**
 * @module pages/ModelImport
 * The Models page's import form (roles with `models:write`): a TF.js Layers
 * `model.json` and its weights file, plus an optional name, uploaded as
 * multipart to `POST /api/models/import` through the API client. Checked
 * first (logic/import-check); any refusal is shown in words.
 */
import { useState } from 'preact/hooks';
import type { ModelVersionView } from '@fl/protocol';
import { api } from '../api';
import { ErrorBox } from '../components/bits';
import { describeError } from '../logic/format';
import { importProblem } from '../logic/import-check';

export function ModelImport({ onImported }: { onImported: () => void }) {
  const [modelJson, setModelJson] = useState<File | null>(null);
  const [weights, setWeights] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<ModelVersionView | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setDone(null);
    setBusy(true);
    try {
      const text = modelJson ? await modelJson.text() : '';
      const problem = importProblem({ modelJson: modelJson && { name: modelJson.name, size: modelJson.size, text }, weights: weights && { name: weights.name, size: weights.size }, name: name.trim() });
      if (problem) {
        setError(problem);
        return;
      }
      const bytes = new Uint8Array(await weights!.arrayBuffer());
      setDone(await api.models.import({ modelJson: text, weights: bytes, ...(name.trim() ? { name: name.trim() } : {}) }));
      setError(null);
      onImported();
    } catch (err) {
      setError(`The import failed: ${describeError(err)}`);
    } finally {
      setBusy(false);
    }
  };
  const file = (set: (f: File | null) => void) => (e: Event) => set((e.currentTarget as HTMLInputElement).files?.[0] ?? null);
  return (
    <form class="card form" onSubmit={submit} aria-label="import model">
      <h3>Import a model (TF.js Layers format)</h3>
      <label>
        model.json <input type="file" name="model.json" accept=".json,application/json" onChange={file(setModelJson)} />
      </label>
      <label>
        Weights (model.weights.bin) <input type="file" name="model.weights.bin" accept=".bin,application/octet-stream" onChange={file(setWeights)} />
      </label>
      <label>
        Name <input name="name" value={name} placeholder="optional" onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? 'Importing…' : 'Import'}
      </button>
      <ErrorBox error={error} />
      {done && (
        <p class="muted" data-imported={done.id} role="status">
          Imported as version {done.name ?? done.id.slice(0, 8)} ({done.parameterCount.toLocaleString('en-US')} parameters); start a job from it with model version {done.id}.
        </p>
      )}
    </form>
  );
}
