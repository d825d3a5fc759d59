/**
 * @module logic/import-check
 * What the Models page's import form checks before it uploads (the
 * coordinator validates again and says why it refuses: registry
 * `POST /api/models/import`): both TF.js Layers files are chosen, neither is
 * larger than the coordinator accepts, and `model.json` is JSON with a
 * `modelTopology` and a `weightsManifest`. Returns the problem in words, or
 * null.
 */
import { MAX_MODEL_BYTES, MAX_NAME_LENGTH } from '@fl/protocol';

export interface ImportFiles {
  modelJson: { name: string; size: number; text: string } | null;
  weights: { name: string; size: number } | null;
  name: string;
}

const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

export function importProblem(f: ImportFiles): string | null {
  if (!f.modelJson) return 'Choose the model.json file (TF.js Layers format).';
  if (!f.weights) return 'Choose the weights file (model.weights.bin or weights.bin) that model.json describes.';
  for (const file of [f.modelJson, f.weights]) if (file.size > MAX_MODEL_BYTES) return `${file.name} is ${mb(file.size)}; the coordinator accepts at most ${mb(MAX_MODEL_BYTES)} per file.`;
  if (f.weights.size === 0) return `${f.weights.name} is empty.`;
  if (f.name.length > MAX_NAME_LENGTH) return `The name is longer than ${MAX_NAME_LENGTH} characters.`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(f.modelJson.text);
  } catch (e) {
    return `${f.modelJson.name} is not JSON (${(e as Error).message}).`;
  }
  const o = parsed as { modelTopology?: unknown; weightsManifest?: unknown } | null;
  if (!o || typeof o !== 'object' || Array.isArray(o)) return `${f.modelJson.name} is not a TF.js model.json: it holds no object.`;
  if (!o.modelTopology) return `${f.modelJson.name} has no modelTopology: save the model with model.save() from TF.js (Layers format).`;
  if (!Array.isArray(o.weightsManifest)) return `${f.modelJson.name} has no weightsManifest: save the model with model.save() from TF.js (Layers format).`;
  return null;
}
