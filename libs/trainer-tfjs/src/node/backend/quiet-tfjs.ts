/**
 * @module node/backend/quiet-tfjs
 * Silences TF.js's "Hi, looks like you are running TensorFlow.js in Node.js"
 * banner, which the cpu backend prints on first use under Node. Backend
 * choice is ours to report (`selectBackend` returns it). Only that banner is
 * suppressed. Call it after a backend is set: the engine's first backend
 * selection creates a fresh cpu instance, replacing any made before. The
 * flag is a private field of the cpu backend; if a future TF.js renames it,
 * this silently does nothing.
 */
import * as tf from '@tensorflow/tfjs';

export function silenceTfjsBanner(): void {
  const cpu = tf.findBackend('cpu') as unknown as { firstUse?: boolean } | null;
  if (cpu && typeof cpu.firstUse === 'boolean') cpu.firstUse = false;
}
