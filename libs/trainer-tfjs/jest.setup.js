/**
 * Silences TF.js's "running in Node.js" banner (printed by the cpu backend on
 * first use) in tests. `tf.backend()` first: the engine's first backend
 * selection creates a fresh cpu instance, replacing any created before it.
 */
const tf = require('@tensorflow/tfjs');
tf.backend();
const cpu = tf.findBackend('cpu');
if (cpu && typeof cpu.firstUse === 'boolean') cpu.firstUse = false;
