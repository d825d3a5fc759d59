import { describe, expect, it } from 'vitest';
import { MAX_MODEL_BYTES } from '@fl/protocol';
import { importProblem, type ImportFiles } from './import-check';

const json = (o: unknown) => ({ name: 'model.json', size: 100, text: JSON.stringify(o) });
const good: ImportFiles = { modelJson: json({ modelTopology: { class_name: 'Sequential' }, weightsManifest: [] }), weights: { name: 'model.weights.bin', size: 40 }, name: '' };

describe('importProblem', () => {
  it('accepts a TF.js Layers pair', () => {
    expect(importProblem(good)).toBeNull();
  });

  it('says which file is missing, too large, empty or not a model.json', () => {
    expect(importProblem({ ...good, modelJson: null })).toMatch(/Choose the model.json/);
    expect(importProblem({ ...good, weights: null })).toMatch(/Choose the weights file/);
    expect(importProblem({ ...good, weights: { name: 'w.bin', size: MAX_MODEL_BYTES + 1 } })).toBe('w.bin is 256 MB; the coordinator accepts at most 256 MB per file.');
    expect(importProblem({ ...good, weights: { name: 'w.bin', size: 0 } })).toBe('w.bin is empty.');
    expect(importProblem({ ...good, modelJson: { name: 'model.json', size: 3, text: '{no' } })).toMatch(/^model.json is not JSON/);
    expect(importProblem({ ...good, modelJson: json([1]) })).toMatch(/holds no object/);
    expect(importProblem({ ...good, modelJson: json({ weightsManifest: [] }) })).toMatch(/no modelTopology/);
    expect(importProblem({ ...good, modelJson: json({ modelTopology: {} }) })).toMatch(/no weightsManifest/);
    expect(importProblem({ ...good, name: 'x'.repeat(200) })).toMatch(/longer than 128/);
  });
});
