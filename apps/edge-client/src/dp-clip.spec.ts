import { l2DeltaNorm } from '@fl/fl-core';
import { TaskKind, type RoundTask } from '@fl/protocol';
import { clipForPrivacy } from './dp-clip';
import type { TrainOutcome } from './trainers/local-trainer';

const layout = [{ name: 'w', shape: [4] }];
const global = { layout, data: Float32Array.of(1, 1, 1, 1) };
const out = (data: number[]): TrainOutcome => ({ weights: { layout, data: Float32Array.from(data) }, numExamples: 10, metrics: { loss: 1, accuracy: 0.5, examplesProcessed: 10, seconds: 1 }, proximalMu: 0, serialized: new Uint8Array(1) });
const task = (clip?: number) => ({ kind: TaskKind.Train, ...(clip ? { privacy: { mode: 'trusted-server', clip, noiseMultiplier: 1, epsilon: 1, delta: 1e-6, samplingRate: 0.5 } } : {}) }) as unknown as RoundTask;

describe('clipForPrivacy', () => {
  it('clips the delta to the task’s L2 norm S and drops the stale serialization', () => {
    const r = clipForPrivacy(task(0.5), global, out([4, 5, 1, 1])); // delta (3, 4, 0, 0), norm 5
    expect(l2DeltaNorm(r.weights.data, global.data)).toBeCloseTo(0.5, 5);
    expect([...r.weights.data].map((v) => +v.toFixed(4))).toEqual([1.3, 1.4, 1, 1]);
    expect(r.serialized).toBeUndefined();
    expect(r.unclipped).toBe(false); // adaptive clipping's bit, sent with the commit
  });

  it('leaves an update within S, or a task without privacy, as it is', () => {
    const small = out([1.1, 1, 1, 1]);
    expect(clipForPrivacy(task(0.5), global, small)).toEqual({ ...small, unclipped: true });
    expect(clipForPrivacy(task(0.5), global, small).weights).toBe(small.weights);
    const big = out([100, 1, 1, 1]);
    expect(clipForPrivacy(task(), global, big)).toBe(big);
  });
});
