import { ModelImportError, parseModelJson, toTfjsModelJson, weightsForLayout } from './tfjs-format';

const layout = [
  { name: 'd/kernel', shape: [2, 2] },
  { name: 'd/bias', shape: [2] },
];
const f32 = (xs: number[]) => new Uint8Array(new Float32Array(xs).buffer);

describe('tfjs-format', () => {
  it('round-trips: the exported model.json parses back and picks weights by name', () => {
    // Prepare: a manifest in another order than the layout, plus optimizer state.
    const json = toTfjsModelJson({ class_name: 'Sequential', config: {} }, [...layout].reverse()) as { weightsManifest: Array<{ paths: string[]; weights: object[] }> };
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    json.weightsManifest.push({ paths: ['opt'], weights: [{ name: 'iter', shape: [], dtype: 'float32', group: 'optimizer' }] });
    // Execute
    const parsed = parseModelJson(json);
    const data = weightsForLayout(layout, parsed, f32([10, 20, 1, 2, 3, 4, 99]));
    // Assert
    expect(parsed.weightBytes).toBe(28);
    expect(Array.from(data)).toEqual([1, 2, 3, 4, 10, 20]);
  });

  it.each([
    [null, 'model.json must be a JSON object'],
    [{ format: 'graph-model', modelTopology: {}, weightsManifest: [] }, 'only TF.js Layers models'],
    [{ modelTopology: {}, weightsManifest: [] }, 'weightsManifest must be a non-empty array'],
    [{ modelTopology: {}, weightsManifest: [{ weights: [{ name: 'a', shape: [1], dtype: 'float32', quantization: { dtype: 'uint8' } }] }] }, 'quantized weights are not supported'],
    [{ modelTopology: {}, weightsManifest: [{ weights: [{ name: 'a', shape: [-1], dtype: 'float32' }] }] }, 'shape must be an array of non-negative integers'],
    [{ modelTopology: {}, weightsManifest: [{ weights: [{ name: 'a', shape: [1], dtype: 'float32' }, { name: 'a', shape: [1], dtype: 'float32' }] }] }, 'weight a appears twice'],
  ])('refuses %j', (json, message) => {
    expect(() => parseModelJson(json)).toThrow(expect.objectContaining({ constructor: ModelImportError, message: expect.stringContaining(message) }));
  });

  it('refuses weights of the wrong size, shape, or with extra tensors', () => {
    const manifest = (ws: object[]) => parseModelJson({ modelTopology: {}, weightsManifest: [{ paths: ['w'], weights: ws }] });
    const ok = [{ name: 'd/kernel', shape: [2, 2], dtype: 'float32' }, { name: 'd/bias', shape: [2], dtype: 'float32' }];
    expect(() => weightsForLayout(layout, manifest(ok), f32([1]))).toThrow('weights file has 4 bytes, model.json\'s weightsManifest describes 24');
    expect(() => weightsForLayout(layout, manifest([{ ...ok[0], shape: [4] }, ok[1]]), f32([1, 2, 3, 4, 5, 6]))).toThrow('d/kernel has shape [4] in weightsManifest, the model needs [2,2]');
    expect(() => weightsForLayout(layout, manifest([...ok, { name: 'x', shape: [1], dtype: 'float32' }]), f32([1, 2, 3, 4, 5, 6, 7]))).toThrow('does not use: x');
  });
});
