import * as tf from '@tensorflow/tfjs';
import { selectBackend } from './select-backend';

function tfjsNodeInstalled(): boolean {
  try {
    require.resolve('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
}

describe(selectBackend.name, () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('activates a forced backend and returns it', async () => {
    expect(await selectBackend('cpu')).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(await selectBackend('wasm')).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(2)).dataSync()[0])).toBe(3);
  });

  it('auto picks tfjs-node when installed, else wasm', async () => {
    expect(await selectBackend('auto')).toBe(tfjsNodeInstalled() ? 'tensorflow' : 'wasm');
  });

  it('throws BACKEND_UNAVAILABLE when a forced backend cannot load', async () => {
    if (tfjsNodeInstalled()) return expect(await selectBackend('tensorflow')).toBe('tensorflow');
    await expect(selectBackend('tensorflow')).rejects.toMatchObject({
      code: 'BACKEND_UNAVAILABLE',
      message: expect.stringMatching(/'tensorflow' cannot be loaded \(install @tensorflow\/tfjs-node, or use --backend wasm\)/),
    });
  });

  it('refuses an unknown preference', async () => {
    await expect(selectBackend('gpu' as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
